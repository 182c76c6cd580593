import { describe, expect, it } from 'vitest'
import { runConform } from '../../src/conform/engine.js'
import { RULES } from '../../src/conform/rules/index.js'
import { Repo } from '../../src/conform/repo.js'
import { testdir, type Tree } from './helpers.js'

const PINNED = `sha256:${'d'.repeat(64)}`
const SHA = 'e'.repeat(40)

// Real-shaped repositories opsmith did not generate, each with what its maintainer would accept being told.
const LAYOUTS: Array<{ name: string; files: Tree; profiles: string[]; expected: string[] }> = [
  {
    name: 'a JS monorepo (pnpm workspaces, one CI workflow, no Docker)',
    files: {
      'package.json': JSON.stringify({ private: true, workspaces: ['packages/*'], scripts: { test: 'vitest' } }),
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
      'packages/web/package.json': JSON.stringify({ name: '@acme/web', dependencies: { react: '18.3.1' } }),
      'packages/web/src/index.tsx': 'export const App = () => null\n',
      'packages/api/package.json': JSON.stringify({ name: '@acme/api', dependencies: { openai: '4.0.0' } }),
      'packages/api/src/server.ts': 'export const port = Number(process.env.PORT ?? 3000)\n',
      '.gitignore': 'node_modules\ndist\n',
      '.github/workflows/ci.yml': `name: CI\non: [push, pull_request]\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pnpm install && pnpm test\n`,
    },
    profiles: ['base'],
    // Tag-pinned checkout with persisted credentials, and .env not ignored: all three are Scorecard/zizmor findings.
    expected: ['secrets-env-ignored', 'workflow-actions-pinned', 'workflow-checkout-no-persist-credentials'],
  },
  {
    name: 'a Go service with a Dockerfile',
    files: {
      'go.mod': 'module example.com/orders\n\ngo 1.22\n',
      'main.go': 'package main\n\nfunc main() {}\n',
      'Dockerfile': `FROM golang:1.22@${PINNED} AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/orders .\n\nFROM gcr.io/distroless/static:nonroot@${PINNED}\nCOPY --from=build /out/orders /orders\nEXPOSE 8080\nENTRYPOINT ["/orders"]\n`,
      '.dockerignore': '.git\n.env\n.env.*\n',
      '.gitignore': '.env\n.env.*\n!.env.example\n/orders\n',
      '.github/workflows/release.yml': `name: release\non:\n  push:\n    tags: ['v*']\npermissions: {}\njobs:\n  image:\n    runs-on: ubuntu-latest\n    permissions:\n      packages: write\n    steps:\n      - uses: actions/checkout@${SHA} # v4.2.2\n        with:\n          persist-credentials: false\n      - run: docker build -t orders .\n`,
    },
    profiles: ['base'],
    // No HEALTHCHECK on a serving image (CIS 4.6). No USER is needed: distroless `nonroot` runs as UID 65532.
    expected: ['dockerfile-healthcheck'],
  },
  {
    name: 'a plain Python library',
    files: {
      'pyproject.toml': '[project]\nname = "tinyparse"\nversion = "1.2.0"\ndependencies = ["attrs>=23"]\n\n[project.optional-dependencies]\ntest = ["pytest"]\n',
      'src/tinyparse/__init__.py': '__version__ = "1.2.0"\n',
      'tests/test_parse.py': 'def test_nothing():\n    assert True\n',
      '.gitignore': '__pycache__/\n*.egg-info/\n.env\n.env.*\n',
      'README.md': '# tinyparse\n',
    },
    profiles: ['base'],
    expected: [],
  },
  {
    name: 'an ML repository from another template (cookiecutter-data-science layout)',
    files: {
      'pyproject.toml': '[project]\nname = "churn"\nversion = "0.1.0"\ndependencies = [\n  "pandas",\n  "scikit-learn>=1.4",\n  "typer",\n]\n',
      'churn/__init__.py': '',
      'churn/modeling/train.py': 'from sklearn.linear_model import LogisticRegression\n',
      'data/raw/.gitkeep': '',
      'models/.gitkeep': '',
      'notebooks/1.0-eda.ipynb': '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
      'Makefile': 'train:\n\tpython -m churn.modeling.train\n',
      '.gitignore': 'data/\n.env\n',
    },
    profiles: ['base', 'ml'],
    // `.env.local` and `.env.production` are not ignored (only `.env` is).
    expected: ['secrets-env-ignored'],
  },
]

const TEMPLATE_OR_ML = new Set(RULES.filter((rule) => rule.layout || rule.profile !== 'base').map((rule) => rule.id))

describe('conform on repositories opsmith did not generate', () => {
  for (const layout of LAYOUTS) {
    it(layout.name, async () => {
      const dir = await testdir(layout.files, { git: true })
      const result = await runConform({ dir, env: { OPSMITH_OFFLINE: '1' } })
      expect(result.profiles).toEqual(layout.profiles)
      expect([...new Set(result.findings.map((finding) => finding.rule))].sort()).toEqual(layout.expected)
      const repo = await Repo.open(dir)
      for (const finding of result.findings) {
        // A finding points into a file that exists, or names a missing file without a position.
        if (finding.file && !repo.has(finding.file)) expect(finding.line, `${finding.rule} on missing ${finding.file}`).toBeUndefined()
        if (!layout.profiles.includes('ml')) expect(TEMPLATE_OR_ML.has(finding.rule), finding.rule).toBe(false)
        expect(finding.message).not.toMatch(/drift|template|\.opsmith\.json/i)
      }
    })
  }

  it('reports a missing .dockerignore by name, without a position', async () => {
    const dir = await testdir({ Dockerfile: `FROM alpine:3.20@${PINNED}\nUSER 65532\n`, '.gitignore': '.env\n.env.*\n' }, { git: true })
    const result = await runConform({ dir })
    expect(result.findings.map(({ rule, file, line }) => ({ rule, file, line }))).toEqual([{ rule: 'dockerignore-entries', file: '.dockerignore', line: undefined }])
  })

  it('runs a profile set in .opsmith.json or passed in, and layout rules only when turned on', async () => {
    const files = { '.gitignore': '.env\n.env.*\n', 'models/registry.yaml': 'models: {}\n' }
    const detected = await runConform({ dir: await testdir(files, { git: true }) })
    expect(detected.profiles).toEqual(['base', 'ml'])
    const chosen = await runConform({ dir: await testdir({ ...files, '.opsmith.json': '{ "conform": { "profiles": ["base"] } }' }, { git: true }) })
    expect(chosen.profiles).toEqual(['base'])
    expect((await runConform({ dir: await testdir(files), profiles: ['base', 'llm'] })).profiles).toEqual(['base', 'llm'])
    const layoutOn = await runConform({ dir: await testdir({ ...files, '.opsmith.json': '{ "conform": { "rules": { "drift-workflow-scheduled": "warning" } } }' }) })
    expect(layoutOn.findings.map((finding) => finding.rule)).toContain('drift-workflow-scheduled')
  })
})
