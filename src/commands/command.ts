import { parseArgs } from 'node:util'
import { UsageError } from '../errors.js'
import { describeParseError } from './parse-error.js'

/** One flag of a command; the same table drives parsing, the types the command sees, and `--help`. */
export interface FlagSpec {
  type: 'string' | 'boolean'
  description: string
  short?: string
  multiple?: boolean
  /** Shown in help as the value's name, e.g. FILE. */
  valueName?: string
  default?: string | boolean
  /** The values a string flag accepts; anything else is a usage error naming them. */
  choices?: readonly string[]
}

/** One positional argument, in order; the last may be `variadic` (it takes the rest). */
export interface PositionalSpec {
  name: string
  required?: boolean
  variadic?: boolean
  /** The values it accepts (e.g. `add model`). */
  choices?: readonly string[]
  /** The one-line error when a required argument is missing. */
  missing?: string
}

export type FlagTable = Record<string, FlagSpec>

type Value<S extends FlagSpec> = S extends { choices: readonly (infer C)[] } ? C : string

/** What the command receives for its flag table: booleans are true/false, `multiple` flags arrays, others string or undefined. */
export type FlagValues<F extends FlagTable> = {
  [K in keyof F]: F[K] extends { type: 'boolean' }
    ? boolean
    : F[K] extends { multiple: true }
      ? Value<F[K]>[]
      : F[K] extends { default: string }
        ? Value<F[K]>
        : Value<F[K]> | undefined
} & { help: boolean; verbose: boolean }

/** The positionals by name, typed from their specs. */
export type ArgValues<A extends readonly PositionalSpec[]> = {
  [S in A[number] as S['name']]: S extends { variadic: true } ? string[] : S extends { choices: readonly (infer C)[] } ? (S extends { required: true } ? C : C | undefined) : S extends { required: true } ? string : string | undefined
}

/** Everything a command gets: its arguments and flags (typed from its tables), and the streams it may write to. */
export interface CommandContext<F extends FlagTable = FlagTable, A extends readonly PositionalSpec[] = readonly PositionalSpec[]> {
  args: ArgValues<A>
  flags: FlagValues<F>
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** Directory the command runs in (tests pass their own). */
  cwd: string
}

/** A CLI command: thin layer that turns flags into a library call and prints the result. */
export interface CommandDefinition<F extends FlagTable = FlagTable, A extends readonly PositionalSpec[] = readonly PositionalSpec[]> {
  name: string
  summary: string
  /** Positional arguments for the usage line, e.g. `[dir]` or `<image>`. */
  usage: string
  flags: F
  /** Positional arguments (none when omitted); more than declared is a usage error. */
  args?: A
  /** The one-line error when the positionals do not fit `args` (default: one naming the usage line). */
  argsError?: string
  /** Sub-commands (e.g. `image build`), when this command is only a group. */
  subcommands?: Record<string, () => Promise<Command>>
  /** Returns the exit code. Throws ToolError for failures. */
  run?(context: CommandContext<F, A>): Promise<number>
}

/**
 * A command of any flag table, as the registry holds it. `run` is erased to `any` here only: each command's
 * own `run` is checked against its own tables by `defineCommand`.
 */
export type Command = CommandDefinition<any, any>

/** Types a command from its tables (citty's defineCommand): `flags.format` is `'text' | 'json'` when its choices say so. */
export function defineCommand<const F extends FlagTable, const A extends readonly PositionalSpec[] = []>(definition: CommandDefinition<F, A>): Command {
  return definition
}

/** A command that only groups subcommands (`opsmith image …`, `opsmith fleet …`), loaded on first use. */
export function defineGroup(definition: { name: string; summary: string; commands: Record<string, Command> }): Command {
  const { commands, ...rest } = definition
  return defineCommand({ ...rest, usage: '<command>', flags: {}, subcommands: Object.fromEntries(Object.entries(commands).map(([name, command]) => [name, async () => command])) })
}

/** Flags every command takes. */
export const GLOBAL_FLAGS = {
  help: { type: 'boolean', short: 'h', description: 'Show help for the command.' },
  verbose: { type: 'boolean', description: 'Print full subprocess output and stack traces.' },
} as const satisfies FlagTable

/** `--format text|json` of the commands that print one JSON document on request (new, update, diff, check, template test). */
export const FORMAT_FLAG = { type: 'string', short: 'f', valueName: 'FORMAT', choices: ['text', 'json'], default: 'text', description: 'Output format: text or json (one JSON document on stdout).' } as const satisfies FlagSpec

/** `--trust` of the commands that may run a template pack's JavaScript plopfile. */
export const TRUST_FLAG = { type: 'boolean', description: "Run the template pack's JavaScript plopfile (packs of data never need it)." } as const satisfies FlagSpec

/** `--registry` of the image commands that push. */
export const REGISTRY_FLAG = { type: 'string', valueName: 'HOST[:PORT]/PATH', description: 'Registry and path, e.g. 127.0.0.1:5000/platform (required).' } as const satisfies FlagSpec

/** node:util parseArgs's options for a flag table. */
export function parseArgsOptions(table: FlagTable): NonNullable<Parameters<typeof parseArgs>[0]>['options'] {
  return Object.fromEntries(
    Object.entries(table).map(([flag, spec]) => [
      flag,
      // parseArgs rejects keys that are present but undefined.
      {
        type: spec.type,
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.multiple ? { multiple: true } : {}),
        ...(spec.default !== undefined ? { default: spec.default as never } : {}),
      },
    ]),
  )
}

/** Parses argv against the command's tables; every mistake is one usage error naming the command. */
export function parseCommandLine(path: string, command: Command, argv: string[]): Pick<CommandContext<any, any>, 'flags' | 'args'> {
  const table: FlagTable = { ...command.flags, ...GLOBAL_FLAGS }
  let parsed: { values: Record<string, unknown>; positionals: string[] }
  try {
    parsed = parseArgs({ args: argv, options: parseArgsOptions(table), allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(`${describeParseError(error, Object.keys(table))} Run \`${path} --help\` for the flags.`, { cause: error })
  }
  const flags: Record<string, unknown> = {}
  for (const [flag, spec] of Object.entries(table)) {
    const value = parsed.values[flag]
    if (spec.type === 'boolean') flags[flag] = value === true
    else if (spec.multiple) flags[flag] = (value as string[] | undefined) ?? []
    else flags[flag] = value
    for (const each of spec.choices ? ([] as unknown[]).concat(value ?? []) : []) checkChoice(`--${flag}`, String(each), spec.choices as readonly string[])
  }
  // The one place values meet their table: the loop above gave each flag the type FlagValues names for it.
  const typed = flags as CommandContext<any, any>['flags']
  if (flags.help === true) return { flags: typed, args: {} }
  return { flags: typed, args: bindArgs(path, command, parsed.positionals) }
}

function bindArgs(path: string, command: Command, positionals: string[]): Record<string, unknown> {
  const specs: readonly PositionalSpec[] = command.args ?? []
  const tooMany = !specs.at(-1)?.variadic && positionals.length > specs.length
  if (tooMany) throw new UsageError(command.argsError ?? `${path} takes ${specs.length === 0 ? 'no arguments' : `at most ${specs.length} argument(s)`}, got ${positionals.length}: ${positionals.join(' ')}. Usage: ${path} ${command.usage}`.trim())
  const args: Record<string, unknown> = {}
  specs.forEach((spec, index) => {
    const value = spec.variadic ? positionals.slice(index) : positionals[index]
    const absent = value === undefined || (Array.isArray(value) && value.length === 0)
    if (absent && spec.required) throw new UsageError(spec.missing ?? command.argsError ?? `${path}: missing <${spec.name}>. Usage: ${path} ${command.usage}`)
    if (!absent && spec.choices) for (const each of ([] as string[]).concat(value)) checkChoice(`<${spec.name}>`, each, spec.choices)
    args[spec.name] = value
  })
  return args
}

function checkChoice(what: string, value: string, choices: readonly string[]): void {
  if (choices.includes(value)) return
  const list = choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}` : String(choices[0])
  throw new UsageError(`${what} must be ${list}, got "${value}".`)
}
