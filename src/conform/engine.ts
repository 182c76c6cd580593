import fs from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { ToolError, UsageError } from '../errors.js'
import { Repo } from './repo.js'
import { MANIFEST_FILE, readPolicy, type Policy } from './policy.js'
import { applyWaivers } from './waivers.js'
import { applyFixes, planFixes, writeOwnFile, type PlannedFix, type RefusedFix } from './fixes.js'
import { docsUrl, ENGINE_FINDING_IDS, ENGINE_FINDINGS, type FileChange, type Finding, type Profile, type Rule, type RuleContext, type Severity } from './rule.js'
import { RULES } from './rules/index.js'
import { loadPackContext, type PackContext } from './pack-context.js'
import { readProjectRecord, type ProjectRecordResult } from '../record/index.js'
import { detectProfiles } from './profiles.js'
import { applyInlineSuppressions } from './suppressions.js'
import { LONG_RUN_FILES, tuneForLongRun } from '../tiering.js'
import { noteCodePaths } from '../code-paths.js'
import { applyBaseline, DEFAULT_BASELINE_FILE, fingerprintFindings, formatBaseline, readBaseline } from './baseline.js'
import { detectCi } from './parse/gitlab-ci.js'
import { refuseWhileUpdateInterrupted } from '../record/journal.js'
import { lineAt } from './parse/lines.js'

export interface ConformOptions {
  /** Repository to check. */
  dir: string
  /** Run only these rule ids (`--rule`). */
  rules?: string[]
  /** Apply the fixes rules offer. */
  fix?: boolean
  /** With `fix`: plan the fixes, change nothing. */
  dryRun?: boolean
  /** Environment for `OPSMITH_*` settings (default process.env). */
  env?: NodeJS.ProcessEnv
  /** Today as YYYY-MM-DD, for waiver expiry (tests pin it). */
  today?: string
  /** Largest file read as text, in bytes. */
  maxFileBytes?: number
  /** The rules to run (default: every built-in rule); embedders and tests pass their own. */
  ruleSet?: readonly Rule[]
  /** Profiles to check (`--profile`); default: `.opsmith.json`'s `conform.profiles`, else detected. */
  profiles?: Profile[]
  /** Record every current finding in the baseline file (`--update-baseline`, `opsmith init`). */
  updateBaseline?: boolean
}

export interface ConformSummary {
  errors: number
  warnings: number
  waived: number
  /** Findings covered by an inline `opsmith-ignore` comment. */
  suppressed?: number
  /** Findings recorded in the baseline. */
  baselined?: number
  /** Reported findings that `--fix` can fix. */
  fixable?: number
  files: number
  rules: number
  fixed: number
}

export interface ConformResult {
  root: string
  /** Reported findings, sorted by file then line. */
  findings: Finding[]
  /** Findings covered by an active waiver. */
  waived: Finding[]
  /** Findings covered by an inline comment or the baseline (`suppression` says which). */
  suppressed?: Finding[]
  /** The profiles that were checked. */
  profiles?: Profile[]
  /** The baseline file, when one was read or written. */
  baseline?: { file: string; written: boolean; entries: number }
  /**
   * With `updateBaseline`: opsmith's own files in the repository (.opsmith.json, the baseline) that git ignores, so
   * a commit leaves them out and CI runs without them.
   */
  ignoredOwnFiles?: string[]
  summary: ConformSummary
  /** Fixes applied (or, with dryRun, planned). */
  fixes: FileChange[]
}

// ESLint's bound: fixes of one file are applied one per pass, then the rules re-run.
const MAX_FIX_PASSES = 10

/** Checks a repository against the policy; throws ToolError for usage and config errors only. */
export async function runConform(options: ConformOptions): Promise<ConformResult> {
  const root = path.resolve(options.dir)
  const stats = await stat(root).catch(() => undefined)
  if (!stats?.isDirectory()) throw new UsageError(`Directory not found: ${options.dir}`)
  const ruleSet = options.ruleSet ?? RULES
  const unknown = (options.rules ?? []).filter((id) => !ruleSet.some((rule) => rule.id === id))
  if (unknown.length > 0) throw new UsageError(`Unknown rule ${unknown.map((id) => `"${id}"`).join(', ')}. The rules are listed in the README.`)
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  // A fix written into a half-updated tree could be undone by the recovery; a baseline recorded there would hold
  // findings of half-updated files (and hide template-update-complete).
  if ((options.fix && !options.dryRun) || options.updateBaseline) refuseWhileUpdateInterrupted(root)
  let pass = await checkOnce(root, { ...options, ruleSet }, today)
  const fixes: FileChange[] = []
  if (options.fix && options.dryRun) fixes.push(...pass.findings.flatMap((finding) => (finding.fix ? [finding.fix] : [])))
  else if (options.fix) {
    const refused: RefusedFix[] = []
    for (let index = 0; index < MAX_FIX_PASSES; index++) {
      const planned: PlannedFix[] = planFixes(pass.findings).filter((fix) => !refused.some((entry) => entry.fix.file === fix.file))
      if (planned.length === 0) break
      const outcome = applyFixes(root, planned)
      fixes.push(...outcome.applied)
      refused.push(...outcome.refused)
      if (outcome.applied.length === 0) break
      pass = await checkOnce(root, { ...options, ruleSet }, today)
    }
    // A fix the containment layer refused leaves its finding in place, with a warning saying why.
    pass.findings = sortFindings([...pass.findings, ...refused.map(({ fix, reason }): Finding => ({ rule: 'file-skipped', severity: 'warning', docs: docsUrl('file-skipped'), file: fix.file, message: `Did not fix ${fix.file}: ${reason}` }))])
  }
  let baseline = pass.baseline
  let ignoredOwnFiles: string[] | undefined
  if (options.updateBaseline) {
    // Rule crashes, bad suppressions and expired waivers need a fix, not a place in the baseline.
    const recorded = pass.findings.filter((finding) => !['rule-error', 'suppression-invalid', 'waiver-expired'].includes(finding.rule))
    writeOwnFile(root, pass.baselineFile, formatBaseline(recorded))
    baseline = { file: pass.baselineFile, written: true, entries: recorded.length }
    ignoredOwnFiles = await ownFilesIgnored(root, pass.baselineFile)
    const baselined = recorded.map((finding) => ({ ...finding, suppression: { kind: 'baseline' as const, reason: `Recorded in ${pass.baselineFile}` } }))
    pass = { ...pass, findings: pass.findings.filter((finding) => !recorded.includes(finding)), suppressed: sortFindings([...pass.suppressed, ...baselined]) }
  }
  const { baselineFile: _baselineFile, ...checked } = pass
  return { root, ...checked, baseline, ...(ignoredOwnFiles ? { ignoredOwnFiles } : {}), fixes, summary: summarize(pass, options.dryRun ? 0 : fixes.length) }
}

/** Which of the record and the baseline, where they exist, git ignores (see ConformResult.ignoredOwnFiles). */
export async function ownFilesIgnored(root: string, baselineFile: string): Promise<string[]> {
  const own = [MANIFEST_FILE, baselineFile].filter((file) => fs.lstatSync(path.join(root, file), { throwIfNoEntry: false })?.isFile())
  const ignored = await (await Repo.open(root)).ignoredAmong(own)
  return own.filter((file) => ignored.has(file))
}

async function checkOnce(root: string, options: ConformOptions & { ruleSet: readonly Rule[] }, today: string) {
  const repo = await Repo.open(root, { maxFileBytes: options.maxFileBytes })
  const long = repo.files().length > LONG_RUN_FILES
  if (long) tuneForLongRun()
  noteCodePaths('checked', ...(long ? ['long'] : []), ...(options.fix ? ['fix'] : []), ...(options.updateBaseline ? ['baseline'] : []))
  const defaults: Record<string, Severity | 'off'> = Object.fromEntries(options.ruleSet.map((rule) => [rule.id, rule.layout ? 'off' : rule.severity]))
  let project = await readProjectRecord(root)
  const pack = await loadPackContext(project.record, options.env ?? process.env)
  // A template's layout rules come with its pack: a repo that records one gets them at their default level.
  const packRules = { ...layoutDefaults(options.ruleSet, pack), ...pack?.manifest?.policy.rules }
  const { policy, errors } = readPolicy(project, defaults, options.env ?? process.env, packRules)
  // A conform-only record (what `opsmith init` writes) records no template: nothing for the record's schema to check.
  if (policy.conformOnly) project = { ...project, record: undefined, errors: [], issues: [] }
  const baselineFile = policy.baseline ?? DEFAULT_BASELINE_FILE
  const baseline = options.updateBaseline ? { errors: [] } : await readBaseline(repo, baselineFile)
  errors.push(...baseline.errors)
  if (errors.length > 0) {
    throw new ToolError('config', `Invalid configuration: ${errors[0]}`, { details: errors.slice(1) })
  }
  const profiles = options.profiles ?? policy.profiles ?? (await detectProfiles(repo, project.record?.template.id))
  const selected = options.ruleSet.filter((rule) => isSelected(rule, policy, profiles, options.rules))
  noteCodePaths(...profiles.map((profile) => `profile:${profile}`), ...(pack ? ['pack'] : []))
  const context = createRuleContext(repo, project, pack)
  const found = (await Promise.all(selected.map((rule) => runRule(rule, context, policy)))).flat()
  found.push(...fileFindings(repo))
  const located = await fingerprintFindings(sortFindings(await Promise.all(found.map((finding) => locate(finding, repo)))), repo)
  const known = new Set([...options.ruleSet.map((rule) => rule.id), ...ENGINE_FINDING_IDS])
  const inline = await applyInlineSuppressions(located, repo, known, today)
  const { findings: unwaived, waived } = applyWaivers(inline.findings, policy.waivers, today)
  const { findings, baselined } = applyBaseline(unwaived, baseline.baseline, baselineFile)
  return {
    findings: sortFindings(findings),
    waived: sortFindings(waived),
    suppressed: sortFindings([...inline.suppressed, ...baselined]),
    profiles,
    baselineFile,
    baseline: baseline.baseline ? { file: baselineFile, written: false, entries: baseline.baseline.findings.length } : undefined,
    files: repo.files().length,
    rules: selected.length,
  }
}

// `--rule` runs the named rules whatever the profiles (unless the policy turned them off); otherwise a rule
// runs when the policy sets it, or when its profile is active (layout rules only through a pack or the policy).
function isSelected(rule: Rule, policy: Policy, profiles: Profile[], only: string[] | undefined): boolean {
  const setting = policy.rules[rule.id]
  const configured = policy.configured.has(rule.id)
  if (only?.length) return only.includes(rule.id) && !(configured && setting?.severity === 'off')
  if (setting?.severity === 'off') return false
  return configured || (!rule.layout && profiles.includes(rule.profile ?? 'base'))
}

function layoutDefaults(ruleSet: readonly Rule[], pack: PackContext | undefined): Record<string, string> {
  if (!pack) return {}
  return Object.fromEntries(ruleSet.filter((rule) => rule.layout).map((rule) => [rule.id, rule.severity]))
}

// A finding about a file that does not exist (yet) names it but points at no line in it. A finding on a line
// without a column points at the statement that line holds: its first token (after a YAML list dash) to its end.
async function locate(finding: Finding, repo: Repo): Promise<Finding> {
  if (finding.file === undefined || finding.line === undefined) return finding
  if (!repo.has(finding.file)) {
    const { line: _line, column: _column, endLine: _endLine, endColumn: _endColumn, wholeFile: _wholeFile, ...rest } = finding
    return rest
  }
  if (finding.column !== undefined) return finding
  const content = await repo.read(finding.file)
  const text = content === undefined ? undefined : lineAt(content, finding.line)
  const start = text === undefined ? -1 : text.search(/[^\s-]|-(?=\S)/)
  if (text === undefined || start === -1) return finding
  return { ...finding, column: start + 1, endLine: finding.line, endColumn: text.trimEnd().length + 1 }
}

/** What every rule of one run sees, computed once: the repo view, its record and pack, and the CI it uses. */
export function createRuleContext(repo: Repo, project: ProjectRecordResult, pack: PackContext | undefined): Omit<RuleContext, 'options'> {
  return { repo, project, pack, ci: detectCi(repo, project.record?.answers?.ci) }
}

// A crashing rule becomes one finding; the other rules still run (repolinter).
async function runRule(rule: Rule, context: Omit<RuleContext, 'options'>, policy: Policy): Promise<Finding[]> {
  const setting = policy.rules[rule.id] ?? { severity: rule.severity, options: {} }
  const severity = setting.severity === 'off' ? rule.severity : setting.severity
  try {
    const found = await rule.check({ ...context, options: setting.options })
    return found.map((finding) => ({ rule: rule.id, severity, docs: docsUrl(rule.id), ...finding }))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return [{ rule: 'rule-error', severity: 'error', docs: docsUrl('rule-error'), message: `Rule ${rule.id} crashed: ${reason}. This is a bug in opsmith; please report it.` }]
  }
}

// Files a rule needed but could not read, and symlinks left out, are worth a warning; files that do not parse, an error.
function fileFindings(repo: Repo): Finding[] {
  const entries = [...repo.skipped, ...repo.excluded()]
  const unparsed = [...repo.unparsed].map(([file, { message, line, column }]): Finding => ({
    rule: 'parse-error',
    severity: ENGINE_FINDINGS['parse-error'].severity,
    docs: docsUrl('parse-error'),
    file,
    line: line ?? 1,
    ...(column === undefined ? {} : { column }),
    message: `${file} does not parse (${message.replace(/ at line \d+, column \d+:?$/, '')}): fix it; the rules that read it could not check it.`,
  }))
  return [...unparsed, ...entries.map(([file, reason]): Finding => ({
    rule: 'file-skipped',
    severity: 'warning',
    docs: docsUrl('file-skipped'),
    file,
    message: `Skipped ${file}: ${reason}. Checks that need its content did not run on it.`,
  }))]
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareText(a.rule, b.rule),
  )
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function summarize(pass: { findings: Finding[]; waived: Finding[]; suppressed: Finding[]; files: number; rules: number }, fixed: number): ConformSummary {
  const errors = pass.findings.filter((finding) => finding.severity === 'error').length
  const suppressed = pass.suppressed.filter((finding) => finding.suppression?.kind === 'inline').length
  return {
    errors,
    warnings: pass.findings.length - errors,
    waived: pass.waived.length,
    suppressed,
    baselined: pass.suppressed.length - suppressed,
    fixable: pass.findings.filter((finding) => finding.fix).length,
    files: pass.files,
    rules: pass.rules,
    fixed,
  }
}
