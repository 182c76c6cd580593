/** One flag of a command; the same table drives parsing and `--help`. */
export interface FlagSpec {
  type: 'string' | 'boolean'
  description: string
  short?: string
  multiple?: boolean
  /** Shown in help as the value's name, e.g. FILE. */
  valueName?: string
  default?: string | boolean
}

export type ParsedFlags = Record<string, string | boolean | string[] | undefined>

/** Everything a command gets: positionals, flags, and the streams it may write to. */
export interface CommandContext {
  positionals: string[]
  flags: ParsedFlags
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** Directory the command runs in (tests pass their own). */
  cwd: string
}

/** A CLI command: thin layer that turns flags into a library call and prints the result. */
export interface CommandDefinition {
  name: string
  summary: string
  /** Positional arguments for the usage line, e.g. `[dir]` or `<image>`. */
  usage: string
  flags: Record<string, FlagSpec>
  /** Sub-commands (e.g. `image build`), when this command is only a group. */
  subcommands?: Record<string, () => Promise<CommandDefinition>>
  /** Returns the exit code. Throws ToolError for failures. */
  run?: (context: CommandContext) => Promise<number>
}

export function defineCommand(definition: CommandDefinition): CommandDefinition {
  return definition
}
