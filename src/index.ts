// The library API: what the CLI calls and what tests and other tools import.
export { ToolError, UsageError, EXIT_CODES, type ToolErrorCode } from './errors.js'
export { VERSION } from './version.js'
export * from './generate/index.js'
