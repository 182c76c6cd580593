import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { addModelVersion, generateProject } from '../../src/generate/index.js'
import { testdir } from '../helpers/testdir.js'
import { PYTHON, requireTools } from './quality-checks.js'

// A generated project passes the first job of its own CI: `make lint typecheck` (ruff check, ruff format
// --check, mypy --strict) with the ruff and mypy versions its pyproject.toml pins.
// The tools come from LINT_TOOLS (a `pip install --target` folder, as .ci/run makes) or are installed
// here from the local wheel folder WHEELS; without either, the suite is skipped and says why.
const WHEELS = '/opt/pypi/files'

function importable(toolsDir: string): boolean {
  try {
    // mypy also needs PyYAML's stubs (types-PyYAML, or Debian's python3-typeshed).
    const probe = 'import ruff, mypy, os, sys; sys.exit(not any(os.path.isdir(os.path.join(p, "yaml-stubs")) for p in sys.path))'
    execFileSync(PYTHON, ['-c', probe], { stdio: 'ignore', env: { ...process.env, PYTHONPATH: toolsDir } })
    return true
  } catch {
    return false
  }
}

function findTools(): { dir?: string; reason: string } {
  const given = process.env.LINT_TOOLS
  if (given && importable(given)) return { dir: given, reason: '' }
  if (!fs.existsSync(WHEELS)) return { reason: `ruff and mypy not installed: set LINT_TOOLS or provide wheels in ${WHEELS}` }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-lint-tools-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  try {
    execFileSync(PYTHON, ['-m', 'pip', 'install', '-q', '--no-index', '--find-links', WHEELS, '--target', dir, 'ruff', 'mypy'], { stdio: 'ignore' })
  } catch {
    return { reason: `pip could not install ruff and mypy from ${WHEELS}` }
  }
  if (!importable(dir)) return { reason: 'ruff, mypy or the PyYAML stubs (python3-typeshed) cannot be imported' }
  return { dir, reason: '' }
}

const tools = findTools()
const ready = tools.dir !== undefined

interface Variant {
  name: string
  template: 'python-ml' | 'python-llm'
  projectName: string
  answers?: Record<string, unknown>
  model?: string
}

const VARIANTS: Variant[] = [
  { name: 'python-ml defaults', template: 'python-ml', projectName: 'my-model' },
  { name: 'python-ml without serving', template: 'python-ml', projectName: 'batch-model', answers: { serving: false } },
  { name: 'python-ml after `opsmith add model churn`', template: 'python-ml', projectName: 'two-models', model: 'churn' },
  { name: 'python-ml with module fraud_score', template: 'python-ml', projectName: 'fraud-score' },
  { name: 'python-llm defaults', template: 'python-llm', projectName: 'docs-assistant' },
]

describe.skipIf(!ready && !(requireTools && fs.existsSync(WHEELS)))(
  `generated projects pass make lint typecheck${ready ? '' : ` (skipped: ${tools.reason})`}`,
  () => {
    it.each(VARIANTS)('$name', async (variant) => {
      const cwd = await testdir()
      await generateProject({
        cwd,
        targetDir: variant.projectName,
        template: variant.template,
        answers: { projectName: variant.projectName, ...variant.answers },
        useDefaults: true,
        git: false,
      })
      const dir = path.join(cwd, variant.projectName)
      if (variant.model) await addModelVersion({ projectDir: dir, name: variant.model })
      // The Makefile exports PYTHONPATH=src; env puts the tools folder in front for the interpreter only.
      const python = `env PYTHONPATH=${tools.dir} ${PYTHON}`
      const result = await execa('make', ['lint', 'typecheck', `PYTHON=${python}`], { cwd: dir, reject: false, all: true })
      expect(result.exitCode, result.all).toBe(0)
    }, 180_000)
  },
)
