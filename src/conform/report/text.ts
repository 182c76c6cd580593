import type { ConformResult } from '../engine.js'
import type { Finding } from '../rule.js'
import { printable } from '../../printable.js'

const REPO_WIDE = '(repository)'

/** Options every formatter accepts; formatters ignore what does not apply to them. */
export interface ReportOptions {
  /** With --fix: the fixes were planned, not applied. */
  dryRun?: boolean
  /** Report errors only (ESLint's --quiet). */
  quiet?: boolean
  /** ANSI colours (the CLI decides: a terminal, no NO_COLOR, no --no-color). */
  color?: boolean
  /** What findings without a file are about (`image verify`: the image); default `(repository)`. */
  subject?: string
}

const ANSI = { red: 31, yellow: 33, dim: 2, bold: 1, underline: 4, green: 32 } as const
type Style = keyof typeof ANSI

function painter(color: boolean | undefined) {
  return (style: Style, text: string) => (color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text)
}

/**
 * A repository path as the text and Markdown reports print it: as it is, or quoted like git's core.quotePath when it
 * holds a control character, a quote or a backslash (a newline in a file name must not start a line of its own);
 * C1 controls and direction overrides, which JSON leaves, made printable too.
 */
export function displayPath(file: string): string {
  return printable(/[\u0000-\u001f\u007f"\\]/.test(file) ? JSON.stringify(file) : file)
}

/** ESLint's stylish layout: findings grouped by file, `line:col  severity  message  rule-id`, then a summary. */
export function formatText(result: ConformResult, options: ReportOptions = {}): string {
  const paint = painter(options.color)
  const lines: string[] = []
  const groups = new Map<string, Finding[]>()
  for (const finding of result.findings) {
    if (options.quiet && finding.severity !== 'error') continue
    const key = finding.file ?? options.subject ?? REPO_WIDE
    groups.set(key, [...(groups.get(key) ?? []), finding])
  }
  for (const [file, findings] of groups) {
    lines.push(paint('underline', displayPath(file)))
    const rows = findings.map((finding) => [finding.line === undefined ? '-' : `${finding.line}:${finding.column ?? 1}`, finding] as const)
    const width = Math.max(...rows.map(([position]) => position.length))
    for (const [position, finding] of rows) {
      const severity = paint(finding.severity === 'error' ? 'red' : 'yellow', finding.severity.padEnd(7))
      lines.push(`  ${paint('dim', position.padEnd(width))}  ${severity}  ${printable(finding.message)}  ${paint('dim', finding.rule)}`)
    }
    lines.push('')
  }
  const inline = (result.suppressed ?? []).filter((finding) => finding.suppression?.kind === 'inline')
  if (inline.length > 0 && !options.quiet) {
    lines.push('Suppressed by opsmith-ignore comments:')
    for (const finding of inline) {
      const until = finding.suppression?.expires ? ` (until ${finding.suppression.expires})` : ''
      lines.push(`  ${displayPath(finding.file ?? '')}:${finding.line}  ${finding.rule}: ${printable(finding.suppression?.reason ?? '')}${until}`)
    }
    lines.push('')
  }
  if (result.fixes.length > 0) {
    lines.push(options.dryRun ? 'Fixes that --fix would apply (nothing changed):' : 'Fixed:')
    for (const fix of result.fixes) lines.push(`  ${fix.kind} ${displayPath(fix.file)}${fix.description ? `: ${printable(fix.description)}` : ''}`)
    lines.push('')
  }
  if (result.baseline?.written) lines.push(`Recorded ${plural(result.baseline.entries, 'finding')} in ${result.baseline.file}: conform now fails only on new ones.`, '')
  const summary = summaryLine(result)
  lines.push(paint('bold', result.summary.errors > 0 ? paint('red', summary) : result.summary.warnings > 0 ? paint('yellow', summary) : paint('green', summary)))
  return `${lines.join('\n')}\n`
}

/** One line: problems by severity, what is suppressed, what --fix can fix, and the scope. */
export function summaryLine({ summary }: ConformResult): string {
  const problems = summary.errors + summary.warnings
  const hidden = [
    `${summary.waived} waived`,
    ...(summary.suppressed ? [`${summary.suppressed} suppressed`] : []),
    ...(summary.baselined ? [`${summary.baselined} in baseline`] : []),
  ].join(', ')
  const counts = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${hidden}`
  const scope = `${plural(summary.rules, 'rule')} on ${plural(summary.files, 'file')}`
  const fixable = summary.fixable ? ` ${summary.fixable} fixable with \`--fix\`.` : ''
  return problems === 0 ? `No problems (${hidden}; ${scope}).` : `${plural(problems, 'problem')} (${counts}; ${scope}).${fixable}`
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
