import { globMatcher } from '../glob.js'
import type { Finding } from './rule.js'
import { docsUrl } from './rule.js'
import { MANIFEST_FILE, type Waiver } from './policy.js'

/** Splits findings into reported and waived, and reports every expired waiver as an error. */
export function applyWaivers(findings: Finding[], waivers: Waiver[], today: string): { findings: Finding[]; waived: Finding[] } {
  const active = waivers.filter((waiver) => waiver.expires >= today)
  const matchers = active.map((waiver) => ({ waiver, matches: globMatcher(waiver.path) }))
  const reported: Finding[] = []
  const waived: Finding[] = []
  for (const finding of findings) {
    const match = matchers.find(
      ({ waiver, matches }) => (waiver.rule === '*' || waiver.rule === finding.rule) && matches(finding.file ?? ''),
    )
    if (match) {
      const { reason, owner, expires } = match.waiver
      waived.push({ ...finding, waiver: { reason, owner, expires } })
    } else reported.push(finding)
  }
  for (const waiver of waivers.filter((candidate) => candidate.expires < today)) {
    reported.push({
      rule: 'waiver-expired',
      severity: 'error',
      docs: docsUrl('waiver-expired'),
      file: MANIFEST_FILE,
      line: waiver.line,
      ...(waiver.column === undefined ? {} : { column: waiver.column }),
      message: `The waiver of ${waiver.rule} for \`${waiver.path}\` (owner ${waiver.owner}) expired on ${waiver.expires}: fix the findings or renew it with a new date and reason.`,
    })
  }
  return { findings: reported, waived }
}
