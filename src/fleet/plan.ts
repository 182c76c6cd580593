import { UsageError } from '../errors.js'

/** One matrix entry of the fleet workflow: a batch of `owner/name` repositories scanned by one job. */
export interface FleetBatch {
  batch: number
  repositories: string
}

// GitHub Actions runs at most 256 jobs from one matrix: past that, each job scans a batch.
export const MAX_MATRIX_JOBS = 256
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/

/** Splits repositories into at most `maxJobs` batches of near-equal size (order kept, duplicates dropped). */
export function planBatches(repositories: string[], options: { maxJobs?: number; batchSize?: number } = {}): FleetBatch[] {
  const unique = [...new Set(repositories.map((name) => name.trim()).filter((name) => name !== ''))]
  const invalid = unique.filter((name) => !REPOSITORY.test(name) || name.split('/').some((part) => part === '.' || part === '..'))
  if (invalid.length > 0) throw new UsageError(`Not an owner/name repository: ${invalid.slice(0, 3).map((name) => JSON.stringify(name)).join(', ')}.`)
  const maxJobs = Math.min(options.maxJobs ?? MAX_MATRIX_JOBS, MAX_MATRIX_JOBS)
  const size = Math.max(options.batchSize ?? 1, Math.ceil(unique.length / maxJobs))
  const batches: FleetBatch[] = []
  for (let start = 0; start < unique.length; start += size) batches.push({ batch: batches.length + 1, repositories: unique.slice(start, start + size).join(' ') })
  return batches
}

export interface ListOrganisationOptions {
  /** API root (GITHUB_API_URL on GitHub Enterprise). */
  apiUrl: string
  token?: string
  includeArchived?: boolean
  includeForks?: boolean
}

/** Every repository of a GitHub organisation, through the REST API's pages (read-only token). */
export async function listOrganisationRepositories(org: string, options: ListOrganisationOptions): Promise<string[]> {
  if (!/^[A-Za-z0-9-]+$/.test(org)) throw new UsageError(`Not a GitHub organisation name: ${JSON.stringify(org)}.`)
  const names: string[] = []
  for (let page = 1; page <= 1000; page++) {
    const url = `${options.apiUrl.replace(/\/+$/, '')}/orgs/${org}/repos?per_page=100&page=${page}&type=all`
    const response = await fetch(url, {
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      signal: AbortSignal.timeout(30_000),
    }).catch((error: Error) => {
      throw new UsageError(`Cannot list the repositories of ${org}: ${error.message}.`, { cause: error })
    })
    if (!response.ok) throw new UsageError(`Cannot list the repositories of ${org}: the API answered ${response.status} ${response.statusText}.`)
    const repos = (await response.json()) as Array<{ full_name?: string; archived?: boolean; fork?: boolean }>
    if (!Array.isArray(repos) || repos.length === 0) break
    for (const repo of repos) {
      if (typeof repo.full_name !== 'string') continue
      if (repo.archived && !options.includeArchived) continue
      if (repo.fork && !options.includeForks) continue
      names.push(repo.full_name)
    }
    if (repos.length < 100) break
  }
  return names.sort()
}
