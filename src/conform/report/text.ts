import type { ConformResult } from '../engine.js'
import type { Finding } from '../rule.js'

const REPO_WIDE = '(repository)'

/** ESLint's stylish layout: findings grouped by file, `line:col  severity  message  rule-id`, then a summary. */
export function formatText(result: ConformResult, options: { dryRun?: boolean; subject?: string } = {}): string {
  const lines: string[] = []
  const groups = new Map<string, Finding[]>()
  for (const finding of result.findings) {
    // `subject` names what findings without a file are about (`image verify`: the image).
    const key = finding.file ?? options.subject ?? REPO_WIDE
    groups.set(key, [...(groups.get(key) ?? []), finding])
  }
  for (const [file, findings] of groups) {
    lines.push(file)
    const rows = findings.map((finding) => [`${finding.line ?? 0}:${finding.column ?? 1}`, finding.severity, finding.message, finding.rule] as const)
    const width = Math.max(...rows.map(([position]) => position.length))
    for (const [position, severity, message, rule] of rows) lines.push(`  ${position.padEnd(width)}  ${severity.padEnd(7)}  ${message}  ${rule}`)
    lines.push('')
  }
  if (result.fixes.length > 0) {
    lines.push(options.dryRun ? 'Fixes that --fix would apply (nothing changed):' : 'Fixed:')
    for (const fix of result.fixes) lines.push(`  ${fix.kind} ${fix.file}${fix.description ? `: ${fix.description}` : ''}`)
    lines.push('')
  }
  lines.push(summaryLine(result))
  return `${lines.join('\n')}\n`
}

function summaryLine({ summary }: ConformResult): string {
  const problems = summary.errors + summary.warnings
  const counts = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.waived} waived`
  const scope = `${plural(summary.rules, 'rule')} on ${plural(summary.files, 'file')}`
  return problems === 0 ? `No problems (${summary.waived} waived; ${scope}).` : `${plural(problems, 'problem')} (${counts}; ${scope}).`
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
