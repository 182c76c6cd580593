import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateProject } from '../../src/generate/index.js'
import { testdir } from '../helpers/testdir.js'
import { PYTHON, canRun, requireTools } from './quality-checks.js'

// A generated `ci: gitlab` pipeline runs its lint and test jobs under gitlab-ci-local (the devDependency) with its
// shell executor. PYTHON_SETUP=system: the jobs use Debian's python3 and its pytest, numpy, scikit-learn,
// pytest-cov (.ci/run installs them), since no package index is reachable here to `pip install -e '.[dev]'`.
const GITLAB_CI_LOCAL = fs.realpathSync(path.join(import.meta.dirname, '../../node_modules/.bin/gitlab-ci-local'))
const hasPython = canRun(PYTHON, ['-c', 'import numpy, sklearn, yaml, pytest, pytest_cov'])
const hasRsync = canRun('rsync', ['--version'])
// ruff and mypy are not packaged in Debian bookworm and PyPI is unreachable here: .ci/run installs them from a
// local wheel folder into LINT_TOOLS where one exists. The lint and typecheck jobs' pass is asserted where the
// tools are available; elsewhere the lint job is run and must get as far as running ruff.
const LINT_PYTHON = process.env.LINT_TOOLS ? `env PYTHONPATH=${process.env.LINT_TOOLS} ${PYTHON}` : PYTHON
const hasRuff = process.env.LINT_TOOLS
  ? canRun('env', [`PYTHONPATH=${process.env.LINT_TOOLS}`, PYTHON, '-m', 'ruff', '--version'])
  : canRun(PYTHON, ['-m', 'ruff', '--version'])

async function runJob(dir: string, home: string, job: string, python = PYTHON) {
  return execa(GITLAB_CI_LOCAL, ['--force-shell-executor', '--home', home, '--variable', 'PYTHON_SETUP=system', '--variable', `PYTHON=${python}`, job], {
    cwd: dir,
    reject: false,
    all: true,
    timeout: 540_000,
  })
}

describe.skipIf((!hasPython || !hasRsync) && !requireTools)(`a generated GitLab pipeline under gitlab-ci-local${hasPython && hasRsync ? '' : ' (skipped: python3-pytest-cov or rsync missing)'}`, () => {
  let dir = ''
  let home = ''
  beforeAll(async () => {
    const cwd = await testdir()
    home = await testdir()
    // git: true, as a user's project is: gitlab-ci-local reads the commit, branch and tracked files.
    await generateProject({ cwd, targetDir: 'churn', template: 'python-ml', useDefaults: true, git: true, set: { ci: 'gitlab' } })
    dir = path.join(cwd, 'churn')
  })

  it('lists the pipeline as GitLab would run it on a push', async () => {
    const result = await execa(GITLAB_CI_LOCAL, ['--home', home, '--list'], { cwd: dir, all: true })
    const jobs = result.stdout.split('\n').slice(1).map((line) => line.split(/\s+/)[0])
    expect(jobs).toEqual(expect.arrayContaining(['lint', 'typecheck', 'test', 'build-image', 'sast', 'container-scanning', 'conform']))
    // drift only in scheduled pipelines
    expect(jobs).not.toContain('drift')
  })

  it('runs the test job: the suite passes, with JUnit and Cobertura coverage reports', { timeout: 600_000 }, async () => {
    const result = await runJob(dir, home, 'test')
    expect(result.exitCode, result.all).toBe(0)
    expect(result.all).toMatch(/PASS\s+test\s+\d+(\.\d+)?% coverage/)
    expect(result.all).toMatch(/\d+ passed/)
    const coverage = await fsp.readFile(path.join(dir, 'coverage.xml'), 'utf8')
    expect(coverage).toMatch(/<coverage [^>]*line-rate=/)
    expect(await fsp.readFile(path.join(dir, 'junit.xml'), 'utf8')).toMatch(/<testsuites?[ >]/)
  })

  it.skipIf(!hasRuff)('runs the lint and typecheck jobs: ruff check, ruff format --check and mypy --strict pass', { timeout: 600_000 }, async () => {
    const lint = await runJob(dir, home, 'lint', LINT_PYTHON)
    expect(lint.exitCode, lint.all).toBe(0)
    expect(lint.all).toMatch(/PASS\s+lint/)
    const typecheck = await runJob(dir, home, 'typecheck', LINT_PYTHON)
    expect(typecheck.exitCode, typecheck.all).toBe(0)
    expect(typecheck.all).toMatch(/PASS\s+typecheck/)
  })

  it.skipIf(hasRuff)('runs the lint job as far as ruff (not installable here: not in Debian bookworm, no PyPI)', { timeout: 300_000 }, async () => {
    const result = await runJob(dir, home, 'lint')
    expect(result.all).toContain(`${PYTHON} -m ruff check .`)
    expect(result.all).toContain('No module named ruff')
    expect(result.exitCode).not.toBe(0)
  })
})
