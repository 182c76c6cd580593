import { createHash } from 'node:crypto'
import type { ConformResult } from '../engine.js'
import type { Finding } from '../rule.js'
import { RULES } from '../rules/index.js'
import { MANIFEST_FILE } from '../policy.js'

type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker'

const SECURITY = new Map(RULES.map((rule) => [rule.id, rule.securitySeverity]))

// Errors of high-severity security rules rank above other errors in the merge request widget.
function severityOf(finding: Finding): CodeQualitySeverity {
  if (finding.severity === 'warning') return 'minor'
  const security = SECURITY.get(finding.rule) ?? 0
  return security >= 9 ? 'blocker' : security >= 7 ? 'critical' : 'major'
}

/**
 * GitLab Code Quality report (`artifacts: reports: codequality`): one issue per reported finding, with a
 * fingerprint that stays the same across pipelines so merge requests show only new and fixed issues.
 */
export function formatGitlab(result: ConformResult, options: { quiet?: boolean } = {}): string {
  const findings = options.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings
  const issues = findings.map((finding) => ({
    type: 'issue',
    description: finding.message,
    check_name: finding.rule,
    categories: [SECURITY.get(finding.rule) !== undefined ? 'Security' : 'Style'],
    fingerprint: createHash('md5').update(`${finding.rule}\0${finding.file ?? ''}\0${finding.fingerprint ?? finding.message}`).digest('hex'),
    severity: severityOf(finding),
    location: { path: finding.file ?? MANIFEST_FILE, lines: { begin: finding.line ?? 1 } },
  }))
  return `${JSON.stringify(issues, null, 2)}\n`
}
