import http from 'node:http'
import type { AddressInfo } from 'node:net'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { listOrganisationRepositories, MAX_MATRIX_JOBS, planBatches } from '../../src/fleet/plan.js'
import { shellcheckWorkflows, workflowProblems } from '../templates/quality-checks.js'

const BIN = fileURLToPath(new URL('../../dist/bin/opsmith.js', import.meta.url))
const repos = (count: number) => Array.from({ length: count }, (_, index) => `acme/repo-${String(index).padStart(4, '0')}`)

describe('planBatches', () => {
  it.each([
    { count: 3, options: {}, jobs: 3, largest: 1 },
    { count: 256, options: {}, jobs: 256, largest: 1 },
    { count: 257, options: {}, jobs: 129, largest: 2 },
    { count: 1000, options: {}, jobs: 250, largest: 4 },
    { count: 1000, options: { maxJobs: 50 }, jobs: 50, largest: 20 },
    { count: 10, options: { batchSize: 4 }, jobs: 3, largest: 4 },
    { count: 0, options: {}, jobs: 0, largest: 0 },
  ])('$count repositories with $options: $jobs jobs of at most $largest', ({ count, options, jobs, largest }) => {
    const batches = planBatches(repos(count), options)
    expect(batches).toHaveLength(jobs)
    expect(batches.length).toBeLessThanOrEqual(MAX_MATRIX_JOBS)
    expect(Math.max(0, ...batches.map((batch) => batch.repositories.split(' ').length))).toBe(largest)
    expect(batches.flatMap((batch) => batch.repositories.split(' ')).filter(Boolean)).toEqual(repos(count))
  })

  it('drops duplicates and refuses names a shell or a path could misread', () => {
    expect(planBatches(['a/b', 'a/b', ' c/d '])).toEqual([{ batch: 1, repositories: 'a/b' }, { batch: 2, repositories: 'c/d' }])
    for (const bad of ['a/b;rm -rf /', '../x', 'a/..', 'a', 'a/b/c', '$(id)/x']) expect(() => planBatches([bad])).toThrow(/Not an owner\/name repository/)
  })
})

describe('listing an organisation through the GitHub API', () => {
  it('follows the pages, sends the token, and leaves out archived repositories and forks', async () => {
    const all = Array.from({ length: 230 }, (_, index) => ({ full_name: `acme/r${String(index).padStart(3, '0')}`, archived: index === 5, fork: index === 6 }))
    const seen: string[] = []
    const server = http.createServer((request, response) => {
      seen.push(`${request.url} ${request.headers.authorization ?? ''}`)
      const url = new URL(request.url ?? '/', 'http://127.0.0.1')
      if (url.pathname !== '/orgs/acme/repos') return response.writeHead(404).end('{}')
      const page = Number(url.searchParams.get('page'))
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify(all.slice((page - 1) * 100, page * 100)))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const names = await listOrganisationRepositories('acme', { apiUrl, token: 't0ken' })
      expect(names).toHaveLength(228)
      expect(names).not.toContain('acme/r005')
      expect(names).not.toContain('acme/r006')
      expect(seen).toEqual([1, 2, 3].map((page) => `/orgs/acme/repos?per_page=100&page=${page}&type=all Bearer t0ken`))
      await expect(listOrganisationRepositories('nobody', { apiUrl })).rejects.toThrow('Cannot list the repositories of nobody: the API answered 404 Not Found.')
      // The CLI, as the workflow's plan job runs it.
      const run = await execa('node', [BIN, 'fleet', 'plan', '--github-org', 'acme', '--max-jobs', '100'], { env: { GITHUB_API_URL: apiUrl, GITHUB_TOKEN: 't0ken' }, reject: false })
      expect(run.exitCode, run.stderr).toBe(0)
      const matrix = JSON.parse(run.stdout) as { include: Array<{ batch: number; repositories: string }> }
      expect(matrix.include).toHaveLength(76)
      expect(matrix.include[0]).toEqual({ batch: 1, repositories: 'acme/r000 acme/r001 acme/r002' })
    } finally {
      server.close()
    }
  })

  it('reads a list from stdin and rejects a missing source', async () => {
    const run = await execa('node', [BIN, 'fleet', 'plan', '--repos', '-'], { input: 'acme/a\nacme/b\n# comment\n', reject: false })
    expect(JSON.parse(run.stdout)).toEqual({ include: [{ batch: 1, repositories: 'acme/a' }, { batch: 2, repositories: 'acme/b' }] })
    const none = await execa('node', [BIN, 'fleet', 'plan'], { reject: false })
    expect(none.exitCode).toBe(2)
    expect(none.stderr).toBe('opsmith: Give exactly one of --repos FILE and --github-org ORG.')
  })
})

describe('the reusable fleet workflow', () => {
  it('passes actionlint, shellcheck and the pinning / permission policy', async () => {
    const file = '.github/workflows/fleet.yml'
    const content = await fsp.readFile(path.join(fileURLToPath(new URL('../..', import.meta.url)), file), 'utf8')
    expect(await workflowProblems({ [file]: content })).toEqual([])
    expect(await shellcheckWorkflows({ [file]: content })).toBe(4)
    expect(content).toContain('workflow_call:')
    // Write grants only where Pages needs them.
    expect(content.match(/: write$/gm)).toEqual([': write', ': write'])
  })
})
