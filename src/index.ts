// The library API: what the CLI calls and what tests and other tools import.
export { ToolError, UsageError } from './errors.js'
export { VERSION } from './version.js'
