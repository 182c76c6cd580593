import { appendFile, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { mkdtemp } from 'node:fs/promises'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { generateProject } from '../../src/generate/index.js'
import { runConform } from '../../src/conform/index.js'

const PINNED = (name: string, hex: string) => `localhost/opsmith-test/python:3.11-${name}@sha256:${hex.repeat(64)}`
const BASE_ANSWERS = { projectName: 'my-model', baseImage: PINNED('runtime', 'a'), devImage: PINNED('dev', 'b') }

async function generate(answers: Record<string, unknown> = {}): Promise<string> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'opsmith-conform-gen-'))
  const targetDir = path.join(parent, 'my-model')
  await generateProject({ targetDir, template: 'python-ml', answers: { ...BASE_ANSWERS, ...answers }, useDefaults: true, git: true })
  return targetDir
}

const describeFindings = (findings: Array<{ rule: string; file?: string; line?: number; message: string }>) =>
  findings.map((finding) => `${finding.file ?? ''}:${finding.line ?? ''} ${finding.rule} ${finding.message}`)

describe('a freshly generated python-ml project conforms', () => {
  const combinations = ['Apache-2.0', 'MIT', 'proprietary'].flatMap((license) => [true, false].map((serving) => ({ license, serving })))
  it.each(combinations)('license $license, serving $serving', async (answers) => {
    const dir = await generate(answers)
    const result = await runConform({ dir })
    expect(describeFindings(result.findings)).toEqual([])
    expect(result.summary.errors).toBe(0)
  }, 120_000)
})

// Git for Windows checks text files out with CRLF (core.autocrlf=true) unless .gitattributes says otherwise: a clone
// made that way saw 20 managed files "changed since rendered", and a Makefile make cannot run in the dev container.
describe('a generated project cloned where core.autocrlf is on', () => {
  it('is checked out with LF and conforms', async () => {
    const dir = await generate()
    const clone = path.join(path.dirname(dir), 'windows-clone')
    await execa('git', ['-c', 'core.autocrlf=true', 'clone', '-q', dir, clone])
    await execa('git', ['config', 'core.autocrlf', 'true'], { cwd: clone })
    for (const file of ['Makefile', 'Dockerfile', '.github/workflows/ci.yml', 'src/my_model/train.py']) expect(await readFile(path.join(clone, file), 'utf8'), file).not.toContain('\r')
    const result = await runConform({ dir: clone })
    expect(describeFindings(result.findings)).toEqual([])
  }, 120_000)
})

// One mutation per rule family that conform must catch: [family, change, expected rule].
const MUTATIONS: Array<[string, (dir: string) => Promise<void>, string]> = [
  ['dockerfile', async (dir) => replaceIn(dir, 'Dockerfile', /USER 65532:65532/, 'USER root'), 'dockerfile-non-root-user'],
  ['devcontainer', async (dir) => replaceIn(dir, '.devcontainer/devcontainer.json', '"remoteUser": "dev"', '"remoteUser": "root"'), 'devcontainer-non-root-user'],
  ['workflows', async (dir) => replaceIn(dir, '.github/workflows/ci.yml', /actions\/checkout@[0-9a-f]{40}/, 'actions/checkout@v4'), 'workflow-actions-pinned'],
  ['secrets', async (dir) => appendFile(path.join(dir, 'src/my_model/settings.py'), `\nFALLBACK_TOKEN = "${['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_')}"\n`), 'secrets-no-credentials'],
  ['models', async (dir) => replaceIn(dir, 'models/registry.yaml', 'aliases: {}', 'aliases: { champion: "9.9.9" }'), 'models-registry-aliases'],
  ['drift', async (dir) => rm(path.join(dir, 'config/drift.yaml')), 'drift-config-valid'],
  ['manifest', async (dir) => replaceIn(dir, '.opsmith.json', '"id": "python-ml"', '"id": "no-such-template"'), 'manifest-template-known'],
]

async function replaceIn(dir: string, file: string, pattern: string | RegExp, replacement: string): Promise<void> {
  const text = await readFile(path.join(dir, file), 'utf8')
  const changed = text.replace(pattern, replacement)
  if (changed === text) throw new Error(`The mutation of ${file} matched nothing: the template changed, update this test.`)
  await writeFile(path.join(dir, file), changed)
}

describe('a mutation of a generated project is caught', () => {
  it.each(MUTATIONS)('%s', async (_family, mutate, rule) => {
    const dir = await generate()
    await mutate(dir)
    const result = await runConform({ dir })
    expect(result.findings.map((finding) => finding.rule)).toContain(rule)
    expect(result.summary.errors).toBeGreaterThan(0)
  }, 120_000)
})
