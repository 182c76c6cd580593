// The conform library API: what the CLI calls and what tests and other tools import.
export { runConform, type ConformOptions, type ConformResult, type ConformSummary } from './engine.js'
export { RULES } from './rules/index.js'
export { defineRule, docsUrl, type Finding, type FileChange, type Rule, type RuleFinding, type Severity } from './rule.js'
export { formatReport, REPORT_FORMAT_NAMES, REPORT_FORMATS, type ReportFormat } from './report/index.js'
