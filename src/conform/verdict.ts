import type { ConformSummary } from './engine.js'

/** When a conform run fails CI (`--fail-on`, `--max-warnings`), like ESLint's exit rules. */
export interface VerdictOptions {
  /** `error` (default): only errors fail; `warning`: any reported finding fails. */
  failOn?: 'error' | 'warning'
  /** More reported warnings than this fail the run (ESLint's --max-warnings). */
  maxWarnings?: number
}

/** Why the run fails, or undefined when it passes. */
export function failureReason(summary: ConformSummary, options: VerdictOptions = {}): string | undefined {
  if (summary.errors > 0) return `${summary.errors} error${summary.errors === 1 ? '' : 's'}`
  if (options.failOn === 'warning' && summary.warnings > 0) return `${summary.warnings} warning${summary.warnings === 1 ? '' : 's'} (--fail-on warning)`
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    return `${summary.warnings} warnings, more than --max-warnings ${options.maxWarnings}`
  }
  return undefined
}
