import type { ConformResult } from '../engine.js'
import type { Finding } from '../rule.js'
import { summaryLine } from './text.js'
import { printable } from '../../printable.js'

// Workflow commands: data escapes %, CR and LF; properties also `:` and `,` (actions/toolkit's command.ts).
// Then any other control character made visible (printable): the runner prints these lines into the job's log.
const escapeData = (text: string) => printable(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'))
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')

function annotation(finding: Finding): string {
  const properties = [
    finding.file !== undefined ? `file=${escapeProperty(finding.file)}` : undefined,
    finding.line !== undefined ? `line=${finding.line}` : undefined,
    finding.line !== undefined && finding.column !== undefined ? `col=${finding.column}` : undefined,
    finding.endLine !== undefined ? `endLine=${finding.endLine}` : undefined,
    finding.endLine !== undefined && finding.endColumn !== undefined ? `endColumn=${finding.endColumn}` : undefined,
    `title=${escapeProperty(`opsmith ${finding.rule}`)}`,
  ].filter(Boolean)
  return `::${finding.severity} ${properties.join(',')}::${escapeData(`${finding.message} (${finding.docs})`)}`
}

/** GitHub Actions annotations (`::error file=...,line=...::message`), shown inline on the pull request's diff. */
export function formatGithub(result: ConformResult, options: { quiet?: boolean } = {}): string {
  const findings = options.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings
  const lines = findings.map(annotation)
  for (const finding of result.suppressed ?? []) {
    if (finding.suppression?.kind === 'inline') lines.push(`Suppressed ${finding.rule} at ${printable(finding.file ?? '')}:${finding.line}: ${printable(finding.suppression.reason)}`)
  }
  lines.push(summaryLine(result))
  return `${lines.join('\n')}\n`
}
