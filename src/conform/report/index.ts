import type { ConformResult } from '../engine.js'
import { formatJson } from './json.js'
import { formatSarif } from './sarif.js'
import { formatText } from './text.js'

/** Output formats of `opsmith conform --format`. */
export const REPORT_FORMATS = {
  text: formatText,
  json: formatJson,
  sarif: (result: ConformResult) => formatSarif(result),
} as const satisfies Record<string, (result: ConformResult, options: { dryRun?: boolean }) => string>

export type ReportFormat = keyof typeof REPORT_FORMATS

export function formatReport(result: ConformResult, format: ReportFormat, options: { dryRun?: boolean } = {}): string {
  return REPORT_FORMATS[format](result, options)
}
