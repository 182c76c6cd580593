import { ENGINE_FINDINGS, docsUrl, type Finding } from './rule.js'
import type { Repo } from './repo.js'

/**
 * `opsmith-ignore <rule-id> [until YYYY-MM-DD]: <reason>` in any comment syntax (`#`, `//`, `<!-- -->`,
 * `/* *\/`), on the finding's line or the line above. The reason is required.
 */
const COMMENT = /opsmith-ignore(?:\s+([^\s:]+))?(?:\s+until\s+(\S+?))?\s*(?::\s*(.*?))?\s*(?:-->|\*\/|#\}|%\})?\s*$/

export interface InlineSuppression {
  rule: string
  reason: string
  expires?: string
  file: string
  line: number
}

interface Parsed {
  suppression?: InlineSuppression
  problem?: string
}

function parseComment(text: string, file: string, line: number, knownRules: ReadonlySet<string>, today: string): Parsed | undefined {
  const match = COMMENT.exec(text)
  if (!match) return undefined
  const [, rule, expires, reason] = match
  if (!rule) return { problem: 'names no rule: write `opsmith-ignore <rule-id>: <reason>`' }
  if (!knownRules.has(rule)) return { problem: `names the unknown rule \`${rule}\`: use one of the ids the README lists` }
  if (!reason) return { problem: `of ${rule} gives no reason: write \`opsmith-ignore ${rule}: <why this is acceptable>\`` }
  if (expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(expires)) return { problem: `of ${rule} has an expiry that is not a date (YYYY-MM-DD): \`${expires}\`` }
  if (expires !== undefined && expires < today) return { problem: `of ${rule} expired on ${expires}: fix the finding or renew the comment with a new date and reason` }
  return { suppression: { rule, reason, ...(expires ? { expires } : {}), file, line } }
}

/**
 * Splits findings into reported and suppressed by inline comments. A malformed, unknown or expired comment
 * next to a finding suppresses nothing and is itself reported (`suppression-invalid`).
 */
export async function applyInlineSuppressions(
  findings: Finding[],
  repo: Repo,
  knownRules: ReadonlySet<string>,
  today: string,
): Promise<{ findings: Finding[]; suppressed: Finding[] }> {
  const reported: Finding[] = []
  const suppressed: Finding[] = []
  const problems = new Map<string, Finding>()
  for (const finding of findings) {
    const lines = finding.file && finding.line ? await linesOf(repo, finding.file) : undefined
    let match: InlineSuppression | undefined
    for (const line of lines ? [finding.line!, finding.line! - 1] : []) {
      const text = lines![line - 1]
      if (text === undefined || !text.includes('opsmith-ignore')) continue
      const parsed = parseComment(text, finding.file!, line, knownRules, today)
      if (parsed?.problem) problems.set(`${finding.file}:${line}`, invalid(finding.file!, line, parsed.problem))
      if (parsed?.suppression && parsed.suppression.rule === finding.rule) match = parsed.suppression
      if (match) break
    }
    if (match) suppressed.push({ ...finding, suppression: { kind: 'inline', reason: match.reason, ...(match.expires ? { expires: match.expires } : {}), file: match.file, line: match.line } })
    else reported.push(finding)
  }
  return { findings: [...reported, ...problems.values()], suppressed }
}

const cache = new WeakMap<Repo, Map<string, string[] | undefined>>()

async function linesOf(repo: Repo, file: string): Promise<string[] | undefined> {
  let files = cache.get(repo)
  if (!files) cache.set(repo, (files = new Map()))
  if (!files.has(file)) files.set(file, (await repo.read(file))?.split(/\r?\n/))
  return files.get(file)
}

function invalid(file: string, line: number, problem: string): Finding {
  const { severity } = ENGINE_FINDINGS['suppression-invalid']
  return { rule: 'suppression-invalid', severity, docs: docsUrl('suppression-invalid'), file, line, message: `This opsmith-ignore comment ${problem}.` }
}
