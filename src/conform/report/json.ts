import { VERSION } from '../../version.js'
import type { ConformResult } from '../engine.js'
import type { Finding } from '../rule.js'

/** Version of the JSON report's shape; bumped on breaking changes. */
export const JSON_REPORT_VERSION = 1

function toJson(finding: Finding) {
  return {
    rule: finding.rule,
    severity: finding.severity,
    file: finding.file ?? null,
    line: finding.line ?? null,
    column: finding.line === undefined ? null : (finding.column ?? 1),
    ...(finding.endLine !== undefined ? { endLine: finding.endLine, endColumn: finding.endColumn ?? null } : {}),
    message: finding.message,
    docs: finding.docs,
    ...(finding.fix ? { fix: { kind: finding.fix.kind, file: finding.fix.file, description: finding.fix.description ?? null } } : {}),
    ...(finding.waiver ? { waiver: finding.waiver } : {}),
    ...(finding.suppression ? { suppression: finding.suppression } : {}),
    ...(finding.fingerprint ? { fingerprint: finding.fingerprint } : {}),
  }
}

/** `{ version, findings, waived, suppressed, summary, fixes }` with repo-relative forward-slash paths. */
export function formatJson(result: ConformResult, options: { quiet?: boolean } = {}): string {
  const report = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'opsmith', version: VERSION },
    profiles: result.profiles ?? null,
    findings: result.findings.filter((finding) => !options.quiet || finding.severity === 'error').map(toJson),
    waived: result.waived.map(toJson),
    suppressed: (result.suppressed ?? []).map(toJson),
    baseline: result.baseline ?? null,
    summary: result.summary,
    fixes: result.fixes.map((fix) => ({ kind: fix.kind, file: fix.file, description: fix.description ?? null })),
  }
  return `${JSON.stringify(report, null, 2)}\n`
}
