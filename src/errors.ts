/** Machine-readable reasons a command can fail; each maps to an exit code in cli.ts. */
export type ToolErrorCode =
  | 'usage' // bad flags, bad answers, unknown template or rule: exit 2
  | 'config' // malformed .opsmith.json or policy: exit 2
  | 'conflict' // target exists, dirty tree: exit 2
  | 'engine' // Docker engine unreachable: exit 2
  | 'failed' // a build, generate or verify step failed: exit 1
  | 'cancelled' // Ctrl+C in a prompt: exit 130
  | 'internal' // a bug: exit 2 with stack

/** The one error type cores throw; cli.ts turns it into a one-line message and an exit code. */
export class ToolError extends Error {
  readonly code: ToolErrorCode
  /** Extra lines printed under the message (e.g. the failing build step's output). */
  readonly details: string[]

  constructor(code: ToolErrorCode, message: string, options: { cause?: unknown; details?: string[] } = {}) {
    super(message, { cause: options.cause })
    this.name = 'ToolError'
    this.code = code
    this.details = options.details ?? []
  }
}

/** Shorthand for the most common failure: the user asked for something invalid. */
export class UsageError extends ToolError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('usage', message, options)
    this.name = 'UsageError'
  }
}

export const EXIT_CODES: Record<ToolErrorCode, number> = {
  usage: 2,
  config: 2,
  conflict: 2,
  engine: 2,
  failed: 1,
  cancelled: 130,
  internal: 2,
}

/** What opsmith says of a file nested deeper than its parsers (which recurse per level) can follow. */
export const TOO_DEEP = 'nested too deeply to read'

/** The error V8 throws when recursion runs out of stack (a RangeError; so are others, such as a bad array length). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack size')
}
