import { VERSION } from '../version.js'

/** Version of the fleet document's shape; bumped on breaking changes. */
export const FLEET_SCHEMA_VERSION = 1

/** One pack layer a repository was generated from (child last). */
export interface FleetPackLayer {
  id: string
  version: string
}

/** What a fleet knows of one repository after its conform run. */
export interface FleetRepository {
  /** Display name: the folder's path relative to the scanned folder, or the name the CI job gave it. */
  name: string
  /** `ok`: conform ran and found nothing at error severity; `failing`: it did; `error`: conform could not run. */
  status: 'ok' | 'failing' | 'error'
  profiles: string[]
  /** Pack layers, parent first; empty for a repository opsmith did not generate. */
  packs: FleetPackLayer[]
  counts: { error: number; warning: number; waived: number; suppressed: number }
  /** Findings per rule id, at every severity. */
  rules: Record<string, number>
  /** The newest version of the pack when the repository is behind it, else null. */
  behind: string | null
  /** Managed template files changed since they were rendered (template drift). */
  templateDrift: number
  durationMs: number
  /** One line saying why conform could not run (status `error` only). */
  error?: string
  /** The findings themselves (rule, severity, file, line, message), for the dashboard's drill-down. */
  findings: FleetFinding[]
}

export interface FleetFinding {
  rule: string
  severity: string
  file: string | null
  line: number | null
  message: string
}

/** The fleet document: one JSON per scan or report, schema-versioned. */
export interface FleetDocument {
  schema: 'opsmith-fleet'
  version: typeof FLEET_SCHEMA_VERSION
  tool: { name: 'opsmith'; version: string }
  createdAt: string
  repositories: FleetRepository[]
  totals: FleetTotals
}

export interface FleetTotals {
  repositories: number
  ok: number
  failing: number
  error: number
  findings: { error: number; warning: number }
}

/** Sorts repositories by name and computes the totals, so every producer of a document agrees. */
export function createFleetDocument(repositories: FleetRepository[], createdAt = new Date()): FleetDocument {
  const sorted = [...repositories].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const count = (status: FleetRepository['status']) => sorted.filter((repo) => repo.status === status).length
  return {
    schema: 'opsmith-fleet',
    version: FLEET_SCHEMA_VERSION,
    tool: { name: 'opsmith', version: VERSION },
    createdAt: createdAt.toISOString(),
    repositories: sorted,
    totals: {
      repositories: sorted.length,
      ok: count('ok'),
      failing: count('failing'),
      error: count('error'),
      findings: {
        error: sorted.reduce((sum, repo) => sum + repo.counts.error, 0),
        warning: sorted.reduce((sum, repo) => sum + repo.counts.warning, 0),
      },
    },
  }
}

/** A repository conform could not check: a row of its own, never the end of the scan. */
export function errorRepository(name: string, message: string, durationMs: number): FleetRepository {
  return {
    name,
    status: 'error',
    profiles: [],
    packs: [],
    counts: { error: 0, warning: 0, waived: 0, suppressed: 0 },
    rules: {},
    behind: null,
    templateDrift: 0,
    durationMs,
    error: message,
    findings: [],
  }
}
