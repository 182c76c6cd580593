import type { Profile, Severity } from './rule.js'
import { parseProfiles } from './profiles.js'
import { RECORD_FILE, type ProjectRecordResult } from '../record/index.js'

/** A rule's effective setting after defaults, environment, .opsmith.json and flags. */
export interface RuleSetting {
  severity: Severity | 'off'
  options: Record<string, unknown>
}

/** An accepted exception: findings of `rule` in files matching `path` are reported as waived until `expires`. */
export interface Waiver {
  rule: string
  path: string
  reason: string
  owner: string
  /** YYYY-MM-DD; the waiver stops applying after this day. */
  expires: string
  /** Line and column of the waiver's `expires` key in .opsmith.json, for the expired-waiver finding. */
  line: number
  column?: number
}

export interface Policy {
  rules: Record<string, RuleSetting>
  /** Rule ids set by the environment, the pack's policy or .opsmith.json (they run whatever the profiles). */
  configured: Set<string>
  /** `conform.profiles` of .opsmith.json (or OPSMITH_CONFORM_PROFILES); undefined: detect them. */
  profiles?: Profile[]
  /** `conform.baseline`: the baseline file, repo-relative (default `.opsmith-baseline.json`). */
  baseline?: string
  /** .opsmith.json holds only a `conform` section (a repository adopted with `opsmith init`, not generated). */
  conformOnly?: boolean
  waivers: Waiver[]
}

/** Errors name the bad key (`conform.rules.foo: ...`); the parser never throws. */
export interface PolicyResult {
  policy: Policy
  errors: string[]
}

/** The project record's file name (owned by the record module). */
export const MANIFEST_FILE = RECORD_FILE
const LEVELS = ['off', 'warning', 'error'] as const
const LEVELS_TEXT = '"off" | "warning" | "error"'
const WAIVER_FIELDS = ['rule', 'path', 'reason', 'owner', 'expires'] as const

/**
 * Reads `conform` of the project record (as the record module parsed it) over the defaults and
 * `OPSMITH_CONFORM_RULES` (`id=level,id=level`); `knownRules` maps each rule id to its default severity.
 */
export function readPolicy(
  project: ProjectRecordResult,
  knownRules: Record<string, Severity | 'off'>,
  env: NodeJS.ProcessEnv = process.env,
  packRules: Record<string, unknown> = {},
): PolicyResult {
  const errors: string[] = []
  const rules: Record<string, RuleSetting> = {}
  for (const [id, severity] of Object.entries(knownRules)) rules[id] = { severity, options: {} }
  const configured = new Set<string>()
  applyEnvironment(env.OPSMITH_CONFORM_RULES, rules, errors, configured)
  // The template pack's policy sits between the environment and the repo's own .opsmith.json.
  for (const [id, value] of Object.entries(packRules)) applyRuleSetting(`pack policy.rules.${id}`, id, value, rules, errors, configured)
  const policy: Policy = { rules, configured, waivers: [] }
  if (env.OPSMITH_CONFORM_PROFILES) {
    const parsed = parseProfiles(env.OPSMITH_CONFORM_PROFILES.split(',').map((part) => part.trim()).filter(Boolean), 'OPSMITH_CONFORM_PROFILES')
    policy.profiles = parsed.profiles
    errors.push(...parsed.errors)
  }
  if (!project.exists) return { policy, errors }
  if (project.syntaxError) return { policy, errors: [`${MANIFEST_FILE}: invalid JSON at line ${project.syntaxError.line}: ${project.syntaxError.message}`] }
  // Not read at all (a symlink, a FIFO, unreadable): the record says why.
  if (project.value === undefined && project.errors[0] !== undefined) return { policy, errors: [project.errors[0]] }
  if (!isObject(project.value)) return { policy, errors: [`${MANIFEST_FILE}: invalid JSON: expected an object`] }
  const conform = project.value.conform
  policy.conformOnly = Object.keys(project.value).every((key) => key === 'conform')
  if (conform !== undefined && !isObject(conform)) errors.push('conform: expected an object')
  else if (conform) {
    readRules(conform.rules, rules, errors, configured)
    readProfilesAndBaseline(conform, policy, errors)
    policy.waivers = readWaivers(conform.waivers, project, rules, errors)
  }
  return { policy, errors }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function readProfilesAndBaseline(conform: Record<string, unknown>, policy: Policy, errors: string[]): void {
  const { profiles, baseline } = conform
  if (profiles !== undefined && !Array.isArray(profiles)) errors.push('conform.profiles: expected an array such as ["base", "ml"]')
  else if (profiles) {
    const parsed = parseProfiles(profiles as unknown[], 'conform.profiles')
    policy.profiles = parsed.profiles
    errors.push(...parsed.errors)
  }
  if (baseline !== undefined && (typeof baseline !== 'string' || baseline === '')) errors.push('conform.baseline: expected a repo-relative file name')
  else if (baseline !== undefined) policy.baseline = baseline
}

function applyEnvironment(value: string | undefined, rules: Record<string, RuleSetting>, errors: string[], configured: Set<string>): void {
  for (const entry of (value ?? '').split(',').filter((part) => part.trim() !== '')) {
    const [id = '', level = ''] = entry.split('=').map((part) => part.trim())
    const setting = rules[id]
    if (!setting) errors.push(`OPSMITH_CONFORM_RULES.${id}: unknown rule`)
    else if (!(LEVELS as readonly string[]).includes(level)) errors.push(`OPSMITH_CONFORM_RULES.${id}: expected ${LEVELS_TEXT}`)
    else {
      setting.severity = level as RuleSetting['severity']
      configured.add(id)
    }
  }
}

function readRules(value: unknown, rules: Record<string, RuleSetting>, errors: string[], configured: Set<string>): void {
  if (value === undefined) return
  if (!isObject(value)) return void errors.push('conform.rules: expected an object')
  for (const [id, setting] of Object.entries(value)) applyRuleSetting(`conform.rules.${id}`, id, setting, rules, errors, configured)
}

function applyRuleSetting(key: string, id: string, value: unknown, rules: Record<string, RuleSetting>, errors: string[], configured: Set<string>): void {
  if (!rules[id]) return void errors.push(`${key}: unknown rule`)
  const [level, options] = Array.isArray(value) ? value : [value, {}]
  if (!(LEVELS as readonly unknown[]).includes(level)) errors.push(`${key}: expected ${LEVELS_TEXT} or ["error", { options }]`)
  else if (typeof options !== 'object' || options === null || Array.isArray(options)) errors.push(`${key}[1]: expected an object of options`)
  else {
    rules[id] = { severity: level as RuleSetting['severity'], options: options as Record<string, unknown> }
    configured.add(id)
  }
}

function readWaivers(value: unknown, project: ProjectRecordResult, rules: Record<string, RuleSetting>, errors: string[]): Waiver[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) return void errors.push('conform.waivers: expected an array'), []
  const waivers: Waiver[] = []
  value.forEach((item: unknown, index) => {
    const key = `conform.waivers[${index}]`
    if (!isObject(item)) return void errors.push(`${key}: expected an object`)
    const bad = WAIVER_FIELDS.find((field) => typeof item[field] !== 'string' || item[field] === '')
    if (bad) return void errors.push(`${key}.${bad}: expected a non-empty string`)
    // The expired-waiver finding points at the date that has passed.
    const at = project.locate?.(['conform', 'waivers', index, 'expires'])
    const waiver = { ...(item as unknown as Omit<Waiver, 'line'>), line: at?.line ?? 1, column: at?.column }
    if (!rules[waiver.rule] && waiver.rule !== '*') return void errors.push(`${key}.rule: unknown rule "${waiver.rule}"`)
    if (!isCalendarDate(waiver.expires)) return void errors.push(`${key}.expires: expected a date YYYY-MM-DD`)
    waivers.push(waiver)
  })
  return waivers
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
}
