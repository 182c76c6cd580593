import { VERSION } from '../version.js'
import type { VerifyResult } from './verify.js'

export type ReportFormat = 'text' | 'json' | 'sarif'

/** Formats a verify result; SARIF 2.1.0 so code scanning can show image findings beside conform's. */
export const REPORT_FORMATS: Record<ReportFormat, (result: VerifyResult) => string> = {
  text: formatText,
  json: (result) => `${JSON.stringify(result, null, 2)}\n`,
  sarif: formatSarif,
}

function formatText(result: VerifyResult): string {
  const lines = [`${result.image} (${result.variant}, ${(result.sizeBytes / 1e6).toFixed(1)} MB, ${result.packageCount} packages)`]
  for (const check of result.checks) {
    const mark = check.passed ? 'ok  ' : check.severity === 'error' ? 'FAIL' : 'warn'
    lines.push(`  ${mark} ${check.id.padEnd(20)} ${check.message}`)
  }
  const failed = result.checks.filter((check) => !check.passed && check.severity === 'error').length
  lines.push(result.passed ? 'All checks passed.' : `${failed} check(s) failed.`)
  return `${lines.join('\n')}\n`
}

function formatSarif(result: VerifyResult): string {
  const failures = result.checks.filter((check) => !check.passed)
  const ruleIds = [...new Set(result.checks.map((check) => check.id))].sort()
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'opsmith image verify', version: VERSION, informationUri: 'https://github.com/opsmith/opsmith#images', rules: ruleIds.map((id) => ({ id, shortDescription: { text: id } })) } },
        results: failures.map((check) => ({
          ruleId: check.id,
          level: check.severity === 'error' ? 'error' : 'warning',
          message: { text: check.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'Dockerfile' } }, logicalLocations: check.subject ? [{ name: check.subject }] : undefined }],
        })),
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}
