import type { PackContext } from './pack-context.js'
import type { Repo } from './repo.js'
import type { ProjectRecordResult } from '../record/index.js'

/** How much a finding matters; `error` findings make `opsmith conform` exit 1. */
export type Severity = 'error' | 'warning'

/** A change the engine applies for `--fix` (rules never write). */
export interface FileChange {
  kind: 'write' | 'delete'
  /** Repo-relative POSIX path. */
  file: string
  /** Whole new content for `write`. */
  content?: string
  /** One line saying what the change does, shown by `--fix --dry-run`. */
  description?: string
}

/** What a rule's `check` returns: where and what, in a whole sentence. */
export interface RuleFinding {
  message: string
  /** Repo-relative POSIX path; omitted for repo-wide findings. */
  file?: string
  /** 1-based. */
  line?: number
  /** 1-based. */
  column?: number
  fix?: FileChange
}

/** A finding after the engine has attached the rule id, severity and docs link. */
export interface Finding extends RuleFinding {
  rule: string
  severity: Severity
  docs: string
  /** Set when a waiver covers the finding. */
  waiver?: { reason: string; owner: string; expires: string }
}

/** What `check` receives: the read-only repo view and the options from the policy. */
export interface RuleContext {
  repo: Repo
  options: Record<string, unknown>
  /** The project record (.opsmith.json): `record` when it exists and is valid, `errors` naming each problem. */
  project: ProjectRecordResult
  /** The template pack the repo was generated from (ownership, policy, newest version), when known. */
  pack?: PackContext
}

/** One conform rule; `id` equals its file name under src/conform/rules/. */
export interface Rule {
  id: string
  description: string
  severity: Severity
  /** CIS, hadolint, dockle, trivy and Scorecard ids this rule corresponds to. */
  refs: string[]
  check(context: RuleContext): Promise<RuleFinding[]> | RuleFinding[]
}

/** Identity helper that types a rule (typescript-eslint's createRule). */
export function defineRule(rule: Rule): Rule {
  return rule
}

/** Base of every rule's docs link; each rule has a `### <id>` heading in the README. */
export const DOCS_BASE = 'https://github.com/opsmith/opsmith#'

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}`
}

/** Findings that come from the engine itself rather than from a rule; documented in the README too. */
export const ENGINE_FINDING_IDS = ['file-skipped', 'rule-error', 'waiver-expired'] as const
