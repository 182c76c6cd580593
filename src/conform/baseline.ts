import { createHash } from 'node:crypto'
import type { Finding } from './rule.js'
import type { Repo } from './repo.js'
import { lineAt } from './parse/lines.js'

/** Where `opsmith init` and `conform --update-baseline` record today's findings (ESLint's bulk suppressions). */
export const DEFAULT_BASELINE_FILE = '.opsmith-baseline.json'
const BASELINE_VERSION = 1

export interface BaselineEntry {
  fingerprint: string
  rule: string
  file: string | null
  message: string
}

export interface Baseline {
  version: number
  findings: BaselineEntry[]
}

/**
 * Gives every finding a fingerprint that survives line shifts and unrelated edits: the rule, the file and the
 * text of the finding's line (whitespace collapsed), or its message when it has no line or is about the file as a
 * whole; equal keys in one file are told apart by their order (GitHub's primaryLocationLineHash does the same).
 */
export async function fingerprintFindings(findings: Finding[], repo: Repo): Promise<Finding[]> {
  const seen = new Map<string, number>()
  const result: Finding[] = []
  for (const finding of findings) {
    const content = finding.file && finding.line && !finding.wholeFile ? await repo.read(finding.file) : undefined
    const lineText = content === undefined || finding.line === undefined ? undefined : lineAt(content, finding.line)
    const subject = lineText !== undefined && lineText.trim() !== '' ? lineText.replace(/\s+/g, ' ').trim() : finding.message.replace(/\d+/g, '#')
    const key = createHash('sha256').update(`${finding.rule}\0${finding.file ?? ''}\0${subject}`).digest('hex').slice(0, 32)
    const occurrence = (seen.get(key) ?? 0) + 1
    seen.set(key, occurrence)
    result.push({ ...finding, fingerprint: `${key}:${occurrence}` })
  }
  return result
}

/** Reads the baseline; errors name the file and what is wrong, like the policy parser. */
export async function readBaseline(repo: Repo, file: string): Promise<{ baseline?: Baseline; errors: string[] }> {
  const text = await repo.readOwnFile(file)
  if (text === undefined) return { errors: [] }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    return { errors: [`${file}: invalid JSON (${error.message}); run \`opsmith conform --update-baseline\` to rewrite it`] }
  }
  const findings = (value as { findings?: unknown } | null)?.findings
  if (!Array.isArray(findings) || findings.some((entry) => typeof (entry as BaselineEntry | null)?.fingerprint !== 'string')) {
    return { errors: [`${file}.findings: expected an array of { fingerprint, rule, file, message }`] }
  }
  return { baseline: { version: BASELINE_VERSION, findings: findings as BaselineEntry[] }, errors: [] }
}

/** Splits findings into new ones and those the baseline already records. */
export function applyBaseline(findings: Finding[], baseline: Baseline | undefined, file: string): { findings: Finding[]; baselined: Finding[] } {
  if (!baseline) return { findings, baselined: [] }
  const known = new Set(baseline.findings.map((entry) => entry.fingerprint))
  const reported: Finding[] = []
  const baselined: Finding[] = []
  for (const finding of findings) {
    if (finding.fingerprint && known.has(finding.fingerprint)) baselined.push({ ...finding, suppression: { kind: 'baseline', reason: `Recorded in ${file}` } })
    else reported.push(finding)
  }
  return { findings: reported, baselined }
}

/** The baseline file's text for these findings, sorted so that re-recording an unchanged repo changes nothing. */
export function formatBaseline(findings: Finding[]): string {
  const entries: BaselineEntry[] = findings
    .filter((finding) => finding.fingerprint)
    .map((finding) => ({ fingerprint: finding.fingerprint!, rule: finding.rule, file: finding.file ?? null, message: finding.message }))
    .sort((a, b) => ((a.file ?? '') + a.rule + a.fingerprint < (b.file ?? '') + b.rule + b.fingerprint ? -1 : 1))
  return `${JSON.stringify({ version: BASELINE_VERSION, findings: entries }, null, 2)}\n`
}
