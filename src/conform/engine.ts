import { stat } from 'node:fs/promises'
import path from 'node:path'
import { ToolError, UsageError } from '../errors.js'
import { Repo } from './repo.js'
import { MANIFEST_FILE, readPolicy, type Policy } from './policy.js'
import { applyWaivers } from './waivers.js'
import { applyFixes, planFixes, type PlannedFix } from './fixes.js'
import { docsUrl, type FileChange, type Finding, type Rule } from './rule.js'
import { RULES } from './rules/index.js'
import { loadPackContext, type PackContext } from './pack-context.js'
import { parseProjectRecord, type ProjectRecordResult } from '../record/index.js'

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
}

export interface ConformSummary {
  errors: number
  warnings: number
  waived: number
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
  let pass = await checkOnce(root, { ...options, ruleSet }, today)
  const fixes: FileChange[] = []
  if (options.fix && options.dryRun) fixes.push(...pass.findings.flatMap((finding) => (finding.fix ? [finding.fix] : [])))
  else if (options.fix) {
    for (let index = 0; index < MAX_FIX_PASSES; index++) {
      const planned: PlannedFix[] = planFixes(pass.findings)
      if (planned.length === 0) break
      await applyFixes(root, planned)
      fixes.push(...planned)
      pass = await checkOnce(root, { ...options, ruleSet }, today)
    }
  }
  return { root, ...pass, fixes, summary: summarize(pass, options.dryRun ? 0 : fixes.length) }
}

async function checkOnce(root: string, options: ConformOptions & { ruleSet: readonly Rule[] }, today: string) {
  const repo = await Repo.open(root, { maxFileBytes: options.maxFileBytes })
  const defaults = Object.fromEntries(options.ruleSet.map((rule) => [rule.id, rule.severity]))
  const project = await parseProjectRecord(await repo.read(MANIFEST_FILE))
  const pack = await loadPackContext(project.record, options.env ?? process.env)
  const { policy, errors } = await readPolicy(repo, defaults, options.env ?? process.env, pack?.manifest?.policy.rules)
  if (errors.length > 0) {
    throw new ToolError('config', `Invalid configuration: ${errors[0]}`, { details: errors.slice(1) })
  }
  const selected = options.ruleSet.filter((rule) => policy.rules[rule.id]?.severity !== 'off')
    .filter((rule) => !options.rules?.length || options.rules.includes(rule.id))
  const found = (await Promise.all(selected.map((rule) => runRule(rule, repo, policy, project, pack)))).flat()
  found.push(...fileFindings(repo))
  const { findings, waived } = applyWaivers(found, policy.waivers, today)
  return { findings: sortFindings(findings), waived: sortFindings(waived), files: repo.files().length, rules: selected.length }
}

// A crashing rule becomes one finding; the other rules still run (repolinter).
async function runRule(rule: Rule, repo: Repo, policy: Policy, project: ProjectRecordResult, pack: PackContext | undefined): Promise<Finding[]> {
  const setting = policy.rules[rule.id] ?? { severity: rule.severity, options: {} }
  const severity = setting.severity === 'off' ? rule.severity : setting.severity
  try {
    const found = await rule.check({ repo, options: setting.options, project, pack })
    return found.map((finding) => ({ rule: rule.id, severity, docs: docsUrl(rule.id), ...finding }))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return [{ rule: 'rule-error', severity: 'error', docs: docsUrl('rule-error'), message: `Rule ${rule.id} crashed: ${reason}. This is a bug in opsmith; please report it.` }]
  }
}

// Files a rule needed but could not read, and symlinks left out, are worth a warning.
function fileFindings(repo: Repo): Finding[] {
  const entries = [...repo.skipped, ...repo.excluded()]
  return entries.map(([file, reason]) => ({
    rule: 'file-skipped',
    severity: 'warning',
    docs: docsUrl('file-skipped'),
    file,
    message: `Skipped ${file}: ${reason}. Checks that need its content did not run on it.`,
  }))
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

function summarize(pass: { findings: Finding[]; waived: Finding[]; files: number; rules: number }, fixed: number): ConformSummary {
  const errors = pass.findings.filter((finding) => finding.severity === 'error').length
  return { errors, warnings: pass.findings.length - errors, waived: pass.waived.length, files: pass.files, rules: pass.rules, fixed }
}
