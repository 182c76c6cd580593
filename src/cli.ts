import { EXIT_CODES, ToolError } from './errors.js'
import { COMMANDS } from './commands/index.js'
import { GLOBAL_FLAGS, parseCommandLine, type Command, type FlagSpec } from './commands/command.js'
import { VERSION } from './version.js'
import { didYouMean } from './commands/parse-error.js'
import { handleInterrupt, runInterruptCleanups } from './interrupt.js'
import { printable } from './printable.js'

/** Entry point shared by both bins; returns the exit code instead of exiting. */
export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const { stdout, stderr } = io
  let verbose = argv.includes('--verbose')
  try {
    if (argv[0] === '--version' || argv[0] === '-v') {
      stdout.write(`${VERSION}\n`)
      return 0
    }
    // `opsmith help conform` is `opsmith conform --help` (git, npm).
    if (argv[0] === 'help' && argv.length > 1) return await main([...argv.slice(1), '--help'], io)
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      stdout.write(await formatRootHelp())
      return argv.length === 0 ? 2 : 0
    }
    const [name, ...rest] = argv as [string, ...string[]]
    const load = COMMANDS[name]
    if (!load) throw new ToolError('usage', `Unknown command "${name}".${didYouMean(name, Object.keys(COMMANDS))} Run \`opsmith --help\` for the list.`)
    let command = await load()
    let args = rest
    let path = `opsmith ${name}`
    // Groups such as `image` dispatch to a sub-command.
    while (command.subcommands) {
      const sub = args[0]
      if (sub === undefined || sub === '--help' || sub === '-h') {
        stdout.write(await formatGroupHelp(path, command))
        return sub === undefined ? 2 : 0
      }
      const loadSub = command.subcommands[sub]
      if (!loadSub) throw new ToolError('usage', `Unknown command "${path} ${sub}".${didYouMean(sub, Object.keys(command.subcommands))} Run \`${path} --help\` for the list.`)
      command = await loadSub()
      path = `${path} ${sub}`
      args = args.slice(1)
    }
    const parsed = parseCommandLine(path, command, args)
    verbose = parsed.flags.verbose === true
    if (parsed.flags.help) {
      stdout.write(formatCommandHelp(path, command))
      return 0
    }
    if (!command.run) throw new ToolError('internal', `${path} has no implementation.`)
    return await command.run({ args: parsed.args, flags: parsed.flags, stdout, stderr, cwd: process.cwd() })
  } catch (error) {
    return reportError(error, stderr, verbose)
  }
}

function reportError(error: unknown, stderr: NodeJS.WritableStream, verbose: boolean): number {
  if (error instanceof ToolError && error.code !== 'internal') {
    if (error.code === 'cancelled') {
      stderr.write(`${error.message}\n`)
      return EXIT_CODES.cancelled
    }
    stderr.write(`opsmith: ${printable(error.message)}\n`)
    for (const line of error.details) stderr.write(`  ${printable(line)}\n`)
    if (verbose && error.cause) stderr.write(`${formatCause(error.cause)}\n`)
    return EXIT_CODES[error.code]
  }
  const message = error instanceof Error ? error.message : String(error)
  stderr.write(`opsmith: internal error: ${printable(message)}\n`)
  stderr.write(`${error instanceof Error ? error.stack : ''}\nThis is a bug in opsmith; please report it with the lines above.\n`)
  return 2
}

function formatCause(cause: unknown): string {
  return cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)
}

async function formatRootHelp(): Promise<string> {
  const lines = [`opsmith ${VERSION}: scaffold AI project repositories that stay production-grade.`, '', 'Usage: opsmith <command> [options]', '', 'Commands:']
  for (const [name, load] of Object.entries(COMMANDS)) {
    const command = await load()
    lines.push(`  ${name.padEnd(10)} ${command.summary}`)
  }
  lines.push('', 'Options:', '  -h, --help     Show help (also `opsmith <command> --help`).', '  -v, --version  Print the version.', '')
  return lines.join('\n') + '\n'
}

async function formatGroupHelp(path: string, command: Command): Promise<string> {
  const lines = [command.summary, '', `Usage: ${path} <command> [options]`, '', 'Commands:']
  const subcommands = Object.entries(command.subcommands ?? {})
  const width = Math.max(...subcommands.map(([name]) => name.length))
  for (const [name, load] of subcommands) lines.push(`  ${name.padEnd(width)}  ${(await load()).summary}`)
  lines.push('', `Run \`${path} <command> --help\` for its flags.`, '')
  return lines.join('\n')
}

/** Help text generated from the same flag table the parser uses, so every flag is listed. */
export function formatCommandHelp(path: string, command: Command): string {
  const rows = Object.entries<FlagSpec>({ ...command.flags, ...GLOBAL_FLAGS }).map(([flag, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    '
    const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''
    const repeat = spec.multiple ? ' (repeatable)' : ''
    return [`  ${short}--${flag}${value}`, `${spec.description}${repeat}`] as const
  })
  const width = Math.max(...rows.map(([left]) => left.length)) + 2
  const lines = [command.summary, '', `Usage: ${path} ${command.usage} [options]`.replace(/\s+\[options\]$/, ' [options]'), '', 'Options:']
  for (const [left, right] of rows) lines.push(`${left.padEnd(width)}${right}`)
  return lines.join('\n') + '\n'
}

/** Runs the CLI and sets the exit code (never calls process.exit, so output flushes). */
export async function runCli(argv: string[]): Promise<void> {
  // `opsmith ... | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(process.exitCode ?? 0)
  })
  // Ctrl+C outside a prompt (prompts handle it themselves), SIGTERM (timeout, CI, docker stop) and SIGHUP
  // (terminal closed): remove what is half-written and exit 128+signal; a commit step in progress finishes first.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () =>
      handleInterrupt(() => {
        const failures = runInterruptCleanups()
        process.stderr.write(`\nCancelled.${failures.length > 0 ? ` Could not clean up: ${failures.join('; ')}` : ''}\n`)
        process.exit(code)
      }),
    )
  }
  process.exitCode = await main(argv)
}
