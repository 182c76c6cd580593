import type { ConformResult } from '../conform/engine.js'
import { formatJson } from '../conform/report/json.js'
import { formatSarif } from '../conform/report/sarif.js'
import { formatText } from '../conform/report/text.js'
import { IMAGE_CHECKS } from './checks.js'
import type { VerifyResult } from './verify.js'

export type ReportFormat = 'text' | 'json' | 'sarif'

const EXTRA_CHECKS = Object.entries(IMAGE_CHECKS).map(([id, check]) => ({ id, ...check }))

/**
 * Formats a verify result with conform's report module: the same finding type, ids and SARIF writer,
 * so code scanning shows image findings beside conform's. Image findings have no file: SARIF gives
 * them the image as a logical location and no region.
 */
export const REPORT_FORMATS: Record<ReportFormat, (result: VerifyResult) => string> = {
  text: (result) => `${header(result)}\n${checkLines(result)}${formatText(asConformResult(result), { subject: result.image })}`,
  json: (result) => {
    const report = JSON.parse(formatJson(asConformResult(result))) as Record<string, unknown>
    const { image, id, variant, sizeBytes, packageCount, passed } = result
    return `${JSON.stringify({ ...report, image: { name: image, id, variant, sizeBytes, packageCount, passed }, checks: result.checks.map(({ id: check, passed: ok, message }) => ({ id: check, passed: ok, message })) }, null, 2)}\n`
  },
  sarif: (result) => formatSarif(asConformResult(result), { extraChecks: EXTRA_CHECKS, subject: `${result.image}@${result.id}` }),
}

function asConformResult(result: VerifyResult): ConformResult {
  const errors = result.findings.filter((finding) => finding.severity === 'error').length
  const summary = { errors, warnings: result.findings.length - errors, waived: 0, files: result.scannedFiles, rules: new Set(result.checks.map((check) => check.id)).size, fixed: 0 }
  return { root: result.image, findings: result.findings, waived: [], summary, fixes: [] }
}

function header(result: VerifyResult): string {
  return `${result.image} (${result.variant}, ${(result.sizeBytes / 1e6).toFixed(1)} MB, ${result.packageCount} packages)`
}

// Passed checks, so a clean run still says what was checked; failures follow in conform's layout.
function checkLines(result: VerifyResult): string {
  const passed = result.checks.filter((check) => check.passed)
  return passed.length === 0 ? '' : `${passed.map((check) => `  ok  ${check.id.padEnd(30)} ${check.message}`).join('\n')}\n\n`
}
