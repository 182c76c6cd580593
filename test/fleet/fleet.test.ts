import fsp from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { beforeAll, describe, expect, it } from 'vitest'
import { scanFleet } from '../../src/fleet/scan.js'
import type { FleetDocument, FleetRepository } from '../../src/fleet/document.js'
import { testdir } from '../helpers/testdir.js'

// The built bin, as users run it (`npm test` builds first).
const BIN = fileURLToPath(new URL('../../dist/bin/opsmith.js', import.meta.url))
const opsmith = (args: string[], cwd?: string) => execa('node', [BIN, ...args], { reject: false, cwd, env: { CI: 'true', OPSMITH_OFFLINE: '1' } })
const DIGEST = `sha256:${'c'.repeat(64)}`

async function git(dir: string) {
  await execa('git', ['init', '-q'], { cwd: dir })
  await execa('git', ['add', '.'], { cwd: dir })
  await execa('git', ['commit', '-qm', 'initial'], { cwd: dir })
}

/** A folder of clones as a platform team has it: generated, drifted, broken and foreign repositories. */
async function layFleet(): Promise<string> {
  const root = await testdir()
  await fsp.mkdir(path.join(root, 'acme'))
  for (const name of ['ml-clean', 'ml-drifted']) expect((await opsmith(['new', path.join(root, 'acme', name), '--yes'])).exitCode).toBe(0)
  expect((await opsmith(['new', path.join(root, 'acme', 'llm-clean'), '--yes', '--template', 'python-llm'])).exitCode).toBe(0)
  // Drift: a managed workflow edited by hand loses its pinning.
  const ci = path.join(root, 'acme', 'ml-drifted', '.github', 'workflows', 'ci.yml')
  await fsp.writeFile(ci, (await fsp.readFile(ci, 'utf8')).replace(/actions\/checkout@[0-9a-f]{40}/, 'actions/checkout@v4'))
  const foreign = path.join(root, 'acme', 'go-service')
  await fsp.mkdir(foreign)
  await fsp.writeFile(path.join(foreign, 'Dockerfile'), `FROM golang:1.23@${DIGEST}\nUSER 65532\n`)
  await fsp.writeFile(path.join(foreign, 'main.go'), 'package main\n')
  await git(foreign)
  const broken = path.join(root, 'acme', 'broken')
  await fsp.mkdir(broken)
  await fsp.writeFile(path.join(broken, '.opsmith.json'), '{ "template": ')
  // Not a repository: no marker, so it is not scanned; node_modules is never walked.
  await fsp.mkdir(path.join(root, 'notes', 'node_modules', 'x', '.git'), { recursive: true })
  return root
}

const byName = (document: FleetDocument) => Object.fromEntries(document.repositories.map((repository) => [repository.name, repository])) as Record<string, FleetRepository>

describe('opsmith fleet scan', () => {
  let root: string
  let document: FleetDocument
  let stderr: string
  beforeAll(async () => {
    root = await layFleet()
    const run = await opsmith(['fleet', 'scan', root, '-o', 'fleet.json', '--html', 'fleet.html', '--markdown', 'summary.md', '-j', '2'], root)
    expect(run.exitCode, run.stderr).toBe(0)
    stderr = run.stderr
    document = JSON.parse(await fsp.readFile(path.join(root, 'fleet.json'), 'utf8')) as FleetDocument
  }, 120_000)

  it('finds every repository once, sorted, and keeps scanning past a broken one', () => {
    expect(document).toMatchObject({ schema: 'opsmith-fleet', version: 1 })
    expect(document.repositories.map((repository) => repository.name)).toEqual(['acme/broken', 'acme/go-service', 'acme/llm-clean', 'acme/ml-clean', 'acme/ml-drifted'])
    expect(document.totals).toMatchObject({ repositories: 5, error: 1 })
    expect(stderr).toMatch(/^\d\d:\d\d:\d\d \[5\/5\] /m)
    expect(stderr).toMatch(/5 repositories in \d+\.\d s: /)
  })

  it('records packs, counts, rules and drift per repository', () => {
    const repos = byName(document)
    expect(repos['acme/ml-clean']).toMatchObject({ status: 'ok', packs: [{ id: 'python-base' }, { id: 'python-ml' }], counts: { error: 0 }, templateDrift: 0 })
    expect(repos['acme/llm-clean']).toMatchObject({ status: 'ok', packs: [{ id: 'python-base' }, { id: 'python-llm' }] })
    const drifted = repos['acme/ml-drifted'] as FleetRepository
    expect(drifted.status).toBe('failing')
    expect(drifted.rules['workflow-actions-pinned']).toBe(1)
    expect(drifted.templateDrift).toBe(1)
    expect(drifted.findings).toContainEqual(expect.objectContaining({ rule: 'workflow-actions-pinned', file: '.github/workflows/ci.yml' }))
    expect(repos['acme/broken']).toMatchObject({ status: 'error', error: expect.stringContaining('.opsmith.json') })
    expect(repos['acme/go-service']?.packs).toEqual([])
    const sum = document.repositories.reduce((total, repository) => total + repository.counts.error, 0)
    expect(document.totals.findings.error).toBe(sum)
  })

  it('writes the Markdown summary with the failing repositories', async () => {
    const markdown = await fsp.readFile(path.join(root, 'summary.md'), 'utf8')
    expect(markdown).toContain('### opsmith fleet: 5 repositories')
    expect(markdown).toContain('| acme/ml-drifted | failing |')
    expect(markdown).toContain('| acme/broken | error | 0 | 0 |')
  })

  it('merges CI results with fleet report, and shows the trend against an earlier scan', async () => {
    const results = await testdir()
    // A CI artifact download: one folder per repository holding conform's JSON report.
    await fsp.mkdir(path.join(results, 'acme-api'))
    const conform = await opsmith(['conform', path.join(root, 'acme', 'ml-drifted'), '--format', 'json', '-o', path.join(results, 'acme-api', 'conform.json')])
    expect(conform.exitCode).toBe(1)
    await fsp.copyFile(path.join(root, 'fleet.json'), path.join(results, 'batch-1.json'))
    const run = await opsmith(['fleet', 'report', results, '-o', 'merged.json', '--html', 'merged.html', '--previous', path.join(root, 'fleet.json')], results)
    expect(run.exitCode, run.stderr).toBe(0)
    const merged = JSON.parse(await fsp.readFile(path.join(results, 'merged.json'), 'utf8')) as FleetDocument
    expect(merged.repositories.map((repository) => repository.name)).toContain('acme-api')
    expect(byName(merged)['acme-api']).toMatchObject({ status: 'failing', rules: { 'workflow-actions-pinned': 1 } })
    expect(merged.totals.repositories).toBe(6)
    const html = await fsp.readFile(path.join(results, 'merged.html'), 'utf8')
    expect(html).toContain('Compared with the scan of')
    expect(html).toMatch(/acme-api<\/a> <span class="new">new<\/span>/)
  })

  it('rejects bad input with one line and exit 2', async () => {
    const empty = await testdir()
    const none = await opsmith(['fleet', 'scan', empty])
    expect(none.exitCode).toBe(2)
    expect(none.stderr).toBe('opsmith: No repositories found (a repository is a folder with .git or .opsmith.json).')
    const notJson = path.join(empty, 'x.json')
    await fsp.writeFile(notJson, '{"hello": 1}')
    const report = await opsmith(['fleet', 'report', notJson])
    expect(report.exitCode).toBe(2)
    expect(report.stderr).toBe(`opsmith: ${notJson} is neither a conform JSON report nor a fleet document.`)
    // A CI artifact from elsewhere: the key that is wrong, not an internal error or rows of "unknown" findings.
    const hostile: Array<[string, unknown, string]> = [
      ['findings.json', { findings: [[[]]] }, 'is not a conform JSON report opsmith can read: findings[0]: must be object.'],
      ['line.json', { findings: [{ rule: 'x', severity: 'error', message: 'm', line: '3' }] }, 'is not a conform JSON report opsmith can read: findings[0].line: must be integer.'],
      ['rows.json', { schema: 'opsmith-fleet', version: 1, repositories: [1] }, 'is not a fleet document opsmith can read: repositories[0]: must be object.'],
      ['counts.json', { schema: 'opsmith-fleet', version: 1, repositories: [{ name: 'x', status: 'ok', profiles: [], packs: [], counts: 'y', rules: {}, behind: null, templateDrift: 0, durationMs: 1, findings: [] }] }, 'is not a fleet document opsmith can read: repositories[0].counts: must be object.'],
    ]
    for (const [name, value, message] of hostile) {
      const file = path.join(empty, name)
      await fsp.writeFile(file, JSON.stringify(value))
      const merged = await opsmith(['fleet', 'report', file])
      expect({ exitCode: merged.exitCode, stderr: merged.stderr }, name).toEqual({ exitCode: 2, stderr: `opsmith: ${file} ${message}` })
      const previous = await opsmith(['fleet', 'report', path.join(root, 'fleet.json'), '--previous', file])
      expect(previous.exitCode, name).toBe(2)
    }
    const jobs = await opsmith(['fleet', 'scan', root, '-j', '0'])
    expect(jobs.stderr).toBe('opsmith: --jobs must be a whole number of at least 1, got "0".')
  })
})

describe('scanFleet', () => {
  it('turns a repository over its time limit, or missing, into an error row and goes on', async () => {
    const ok = await testdir({ 'README.md': '# hi\n', '.opsmith.json': '{}' })
    const document = await scanFleet(
      [
        { name: 'slow', dir: ok },
        { name: 'gone', dir: path.join(ok, 'missing') },
      ],
      { timeoutMs: 1 },
    )
    expect(document.repositories).toMatchObject([
      { name: 'gone', status: 'error', error: expect.stringContaining('not cloned') },
      { name: 'slow', status: 'error', error: 'conform did not finish within 0.001 s.' },
    ])
  })
})
