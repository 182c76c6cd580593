import type { PackContext } from './pack-context.js'
import type { Repo } from './repo.js'
import type { ProjectRecordResult } from '../record/index.js'
import type { CiKind } from './parse/gitlab-ci.js'

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
  /** 1-based, inclusive; when the cause spans more than one character. */
  endLine?: number
  /** 1-based, exclusive (SARIF's endColumn). */
  endColumn?: number
  fix?: FileChange
  /**
   * The finding is about the file as a whole (a key, job or entry it lacks; its state), not one of its lines:
   * reports point at line 1, and the baseline fingerprint leaves that line's text out, so a header comment or a
   * renamed workflow does not make a recorded finding new.
   */
  wholeFile?: true
}

/** Where a finding about the file as a whole points (see `RuleFinding.wholeFile`). */
export const WHOLE_FILE = { line: 1, wholeFile: true } as const

/** A finding after the engine has attached the rule id, severity and docs link. */
export interface Finding extends RuleFinding {
  rule: string
  severity: Severity
  docs: string
  /** Set when a waiver covers the finding. */
  waiver?: { reason: string; owner: string; expires: string }
  /** Set when an inline `opsmith-ignore` comment or the baseline covers the finding. */
  suppression?: Suppression
  /** Stable id across line shifts and unrelated edits (baseline, SARIF partialFingerprints). */
  fingerprint?: string
}

/** Why a finding is not reported: an inline comment (where, until when) or the recorded baseline. */
export interface Suppression {
  kind: 'inline' | 'baseline'
  reason: string
  expires?: string
  /** Where the inline comment is. */
  file?: string
  line?: number
}

/** What `check` receives: the read-only repo view and the options from the policy. */
export interface RuleContext {
  repo: Repo
  options: Record<string, unknown>
  /** The project record (.opsmith.json): `record` when it exists and is valid, `errors` naming each problem. */
  project: ProjectRecordResult
  /** The template pack the repo was generated from (ownership, policy, newest version), when known. */
  pack?: PackContext
  /** The CI the repository uses (its workflows and .gitlab-ci.yml, else its record's `ci` answer). */
  ci: CiKind
}

/**
 * Groups of rules, each switched on by what a repository contains (or `.opsmith.json`'s `conform.profiles`,
 * or `--profile`): `base` (secrets, workflows, Dockerfile, dev container) always, `ml` (models, drift) and
 * `llm` (prompts, evals, cost, red-team) when detected.
 */
export type Profile = 'base' | 'ml' | 'llm'

/** Why, how to fix, and extra notes of a rule (ESLint's `meta.docs`); SARIF help and the README come from it. */
export interface RuleDocs {
  why: string
  fix: string
  /** More about what the rule accepts (markdown). */
  details?: string
  /** A failing and a passing snippet (markdown code, without fences). */
  examples?: { bad: string; good: string; language?: string }
}

/** One conform rule; `id` equals its file name under src/conform/rules/. */
export interface Rule {
  id: string
  description: string
  severity: Severity
  /** CIS, hadolint, dockle, trivy and Scorecard ids this rule corresponds to. */
  refs: string[]
  /** The profile the rule belongs to (default `base`). */
  profile?: Profile
  /**
   * The rule encodes a template's layout (its files, CI jobs, drift setup): it runs only in a repository
   * that records a template pack, through that pack's policy, or when `.opsmith.json` turns it on.
   */
  layout?: boolean
  /** For security rules: GitHub code scanning's `security-severity` (CVSS-like, 0.0-10.0). */
  securitySeverity?: number
  docs?: RuleDocs
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
export const ENGINE_FINDING_IDS = ['file-skipped', 'parse-error', 'rule-error', 'suppression-invalid', 'waiver-expired'] as const

export type EngineFindingId = (typeof ENGINE_FINDING_IDS)[number]

/** Description and docs of the engine's own findings, shaped like a rule's metadata. */
export const ENGINE_FINDINGS: Record<EngineFindingId, { description: string; severity: Severity; docs: RuleDocs }> = {
  'file-skipped': {
    description: 'A file could not be read (too large, unreadable) or was left out (symlink out of the repository, loop, a folder on its way that is a symlink)',
    severity: 'warning',
    docs: {
      why: 'A listed file could not be checked: larger than the size limit, unreadable, a symlink out of the repository, a symlink loop, or a tracked file under a folder that has become a symlink (never read through it). Checks that need its content did not run on it.',
      fix: 'Move large data out of git (Git LFS, DVC, an artifact store), fix its permissions, or replace the symlink with the file.',
      examples: { language: 'text', bad: 'data/train.csv   (40 MB, tracked in plain git)', good: 'data/train.csv.dvc   (a DVC pointer; the data lives in the artifact store)' },
    },
  },
  'parse-error': {
    description: 'A file the rules need (a GitHub Actions workflow) does not parse',
    severity: 'error',
    docs: {
      why: 'A workflow that does not parse cannot be checked by any workflow rule, and GitHub will not run it either. Reported once per file at the parser\'s line and column, whichever rules ran.',
      fix: 'Fix the YAML at the reported position (`actionlint` or `yamllint` show the same error).',
      examples: { language: 'yaml', bad: 'jobs:\n  test:\n    steps: [\n      - run: make test', good: 'jobs:\n  test:\n    steps:\n      - run: make test' },
    },
  },
  'rule-error': {
    description: 'A rule crashed; the other rules still ran',
    severity: 'error',
    docs: {
      why: 'A rule crashed on this repository; the other rules still ran. This is a bug in opsmith.',
      fix: 'Please report it with the message; meanwhile turn the rule off in `.opsmith.json` if it blocks you.',
      examples: { language: 'text', bad: 'error  Rule dockerfile-healthcheck crashed: Cannot read properties of undefined. This is a bug in opsmith; please report it.', good: '(reported upstream; meanwhile in .opsmith.json)\n{ "conform": { "rules": { "dockerfile-healthcheck": "off" } } }' },
    },
  },
  'suppression-invalid': {
    description: 'An inline `opsmith-ignore` comment names no rule, an unknown rule, no reason, or has expired',
    severity: 'error',
    docs: {
      why: 'A suppression without a reason hides a finding without telling reviewers why; one that names an unknown rule or has expired suppresses nothing.',
      fix: 'Write `opsmith-ignore <rule-id>: <reason>` (optionally `until YYYY-MM-DD` before the colon) on the line or the line above, or fix the finding and delete the comment.',
      examples: { language: 'dockerfile', bad: '# opsmith-ignore dockerfile-no-sudo\nRUN sudo make install', good: '# opsmith-ignore dockerfile-no-sudo until 2027-06-30: vendor installer needs it, tracked in OPS-42\nRUN sudo make install' },
    },
  },
  'waiver-expired': {
    description: 'A waiver in .opsmith.json has expired',
    severity: 'error',
    docs: {
      why: 'A waiver in `.opsmith.json` is past its `expires` date, so it no longer applies.',
      fix: 'Fix the findings, or renew the waiver with a new date and reason.',
      examples: { language: 'json', bad: '{ "rule": "dockerfile-base-pinned", "path": "legacy/**", "reason": "migration", "owner": "platform", "expires": "2025-01-31" }', good: '{ "rule": "dockerfile-base-pinned", "path": "legacy/**", "reason": "migration, see OPS-7", "owner": "platform", "expires": "2027-03-31" }' },
    },
  },
}
