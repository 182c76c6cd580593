// The library API: what the CLI calls and what tests and other tools import.
export { ToolError, UsageError, EXIT_CODES, type ToolErrorCode } from './errors.js'
export { VERSION } from './version.js'
export * from './generate/index.js'
export { runConform, formatReport, RULES, type ConformOptions, type ConformResult, type Finding, type Rule } from './conform/index.js'
export { updateProject, type UpdateOptions, type UpdateResult } from './update/update.js'
export { diffManagedFiles, type FileDrift } from './update/drift.js'
export { testPack } from './pack-test/test-pack.js'
