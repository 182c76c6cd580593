import type { ConformResult } from '../engine.js'
import type { Finding } from '../rule.js'
import { displayPath, summaryLine } from './text.js'
import { printable } from '../../printable.js'

/** Text for one cell of a Markdown table: a pipe or a line break in it (a file or repository name) cannot split the row. */
export function markdownCell(text: string): string {
  return printable(text.replace(/\r\n|[\r\n]/g, ' ')).replace(/\|/g, '\\|')
}
// A code span that a backtick in the path cannot close.
const code = (text: string) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``)
const where = (finding: Finding) => (finding.file === undefined ? '(repository)' : markdownCell(code(`${displayPath(finding.file)}${finding.line !== undefined ? `:${finding.line}` : ''}`)))

function table(findings: Finding[], extra?: (finding: Finding) => string): string[] {
  const header = extra ? '| severity | rule | where | message | reason |\n|---|---|---|---|---|' : '| severity | rule | where | message |\n|---|---|---|---|'
  return [
    header,
    ...findings.map((finding) => `| ${finding.severity} | [${finding.rule}](${finding.docs}) | ${where(finding)} | ${markdownCell(finding.message)} |${extra ? ` ${markdownCell(extra(finding))} |` : ''}`),
  ]
}

/** A job summary (`>> $GITHUB_STEP_SUMMARY`): the verdict, then tables of findings and suppressions. */
export function formatMarkdown(result: ConformResult, options: { quiet?: boolean } = {}): string {
  const { summary } = result
  const findings = options.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings
  const verdict = summary.errors > 0 ? ':x:' : summary.warnings > 0 ? ':warning:' : ':white_check_mark:'
  const lines = ['## opsmith conform', '', `${verdict} ${summaryLine(result)}`, '']
  if (result.profiles) lines.push(`Profiles: ${result.profiles.join(', ')}.`, '')
  if (findings.length > 0) lines.push(...table(findings), '')
  const suppressed = [...result.waived, ...(result.suppressed ?? []).filter((finding) => finding.suppression?.kind === 'inline')]
  if (suppressed.length > 0) {
    lines.push('<details><summary>Suppressed and waived</summary>', '', ...table(suppressed, (finding) => finding.waiver?.reason ?? finding.suppression?.reason ?? ''), '', '</details>', '')
  }
  return `${lines.join('\n')}\n`
}
