import type { FleetFinding, FleetPackLayer, FleetRepository } from './document.js'

interface ConformJsonFinding {
  rule?: unknown
  severity?: unknown
  file?: unknown
  line?: unknown
  message?: unknown
}

/** The parts of `opsmith conform --format json` a fleet reads; anything else in the report is ignored. */
interface ConformJson {
  findings?: ConformJsonFinding[]
  waived?: unknown[]
  suppressed?: unknown[]
  baselined?: unknown[]
  profiles?: unknown
}

const BEHIND_RULE = 'manifest-template-version'
const DRIFT_RULE = 'template-managed-unchanged'

/** True when `value` looks like a conform JSON report (so `fleet report` can tell it from a fleet document). */
export function isConformReport(value: unknown): value is ConformJson {
  return typeof value === 'object' && value !== null && Array.isArray((value as ConformJson).findings)
}

/** Turns one conform JSON report into a fleet row; `packs` come from the repository's own record when it is at hand. */
export function repositoryFromConform(name: string, report: ConformJson, packs: FleetPackLayer[], durationMs: number): FleetRepository {
  const findings: FleetFinding[] = (report.findings ?? []).map((finding) => ({
    rule: String(finding.rule ?? 'unknown'),
    severity: String(finding.severity ?? 'error'),
    file: typeof finding.file === 'string' ? finding.file : null,
    line: typeof finding.line === 'number' ? finding.line : null,
    message: String(finding.message ?? ''),
  }))
  const rules: Record<string, number> = {}
  for (const finding of findings) rules[finding.rule] = (rules[finding.rule] ?? 0) + 1
  const errors = findings.filter((finding) => finding.severity === 'error').length
  const behindFinding = findings.find((finding) => finding.rule === BEHIND_RULE && / is available/.test(finding.message))
  return {
    name,
    status: errors > 0 ? 'failing' : 'ok',
    profiles: Array.isArray(report.profiles) ? report.profiles.filter((profile): profile is string => typeof profile === 'string') : [],
    packs,
    counts: {
      error: errors,
      warning: findings.filter((finding) => finding.severity === 'warning').length,
      waived: report.waived?.length ?? 0,
      suppressed: (report.suppressed?.length ?? 0) + (report.baselined?.length ?? 0),
    },
    rules,
    behind: behindFinding ? (/;\s*(\S+) is available/.exec(behindFinding.message)?.[1] ?? 'newer') : null,
    templateDrift: rules[DRIFT_RULE] ?? 0,
    durationMs,
    findings,
  }
}
