import type { ConformResult } from '../engine.js'
import type { ReportFormat } from './formats.js'
import { noteCodePaths } from '../../code-paths.js'
import { formatGithub } from './github.js'
import { formatGitlab } from './gitlab.js'
import { formatJson } from './json.js'
import { formatMarkdown } from './markdown.js'
import { formatSarif } from './sarif.js'
import { formatText, type ReportOptions } from './text.js'

export type { ReportOptions } from './text.js'
export { REPORT_FORMAT_NAMES, type ReportFormat } from './formats.js'

/** Output formats of `opsmith conform --format`. */
export const REPORT_FORMATS = {
  text: formatText,
  json: formatJson,
  sarif: (result: ConformResult) => formatSarif(result),
  github: formatGithub,
  markdown: formatMarkdown,
  gitlab: formatGitlab,
} as const satisfies Record<ReportFormat, (result: ConformResult, options: ReportOptions) => string>

export function formatReport(result: ConformResult, format: ReportFormat, options: ReportOptions = {}): string {
  noteCodePaths(`format:${format}`, ...(result.findings.length > 0 ? ['findings'] : []))
  return REPORT_FORMATS[format](result, options)
}
