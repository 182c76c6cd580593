import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { runConform } from '../../src/conform/index.js'
import { generateProject } from '../../src/generate/index.js'
import { loadGenerator } from '../../src/generate/plop.js'
import { resolvePack } from '../../src/packs/resolve.js'
import { testPack } from '../../src/pack-test/test-pack.js'
import { PACKAGE_ROOT } from '../../src/paths.js'
import { updateProject } from '../../src/update/update.js'
import { testdir } from '../helpers/testdir.js'

const PINNED = `registry.example/opsmith/python@sha256:${'0'.repeat(64)}`

// A working group's pack: python-ml plus one file of its own and one stricter conform rule.
function acmePack(parent: string): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'acme-ml', version: '1.0.0', type: 'module' }),
    'opsmith-pack.json': JSON.stringify({
      id: 'acme-ml',
      description: 'python-ml with the Acme on-call runbook',
      extends: parent,
      files: { seeded: ['RUNBOOK.md'] },
      policy: { rules: { 'dockerfile-pipefail': 'error' }, requiredFiles: ['RUNBOOK.md'] },
    }),
    // A pack of data: it extends python-ml with no JavaScript of its own, so it needs no --trust.
    'generators.json': JSON.stringify({ generators: { project: { prompts: [], actions: [{ type: 'add', path: 'RUNBOOK.md', templateFile: 'templates/RUNBOOK.md.hbs' }] } } }),
    'templates/RUNBOOK.md.hbs': '# {{projectName}} runbook\n\nPage {{owner}} when the drift job fails.\n',
  }
}

async function git(cwd: string, ...args: string[]) {
  return execa('git', args, { cwd })
}

async function commitAndTag(dir: string, tag: string) {
  await git(dir, 'add', '-A')
  await git(dir, 'commit', '-qm', tag)
  await git(dir, 'tag', tag)
}

describe('a pack that extends python-ml', () => {
  it('renders python-base, then python-ml, then its own files, with merged questions and policy', async () => {
    const pack = await testdir(acmePack('python-ml'))
    const resolved = await resolvePack(pack)
    expect(resolved.manifest.policy.rules).toEqual({ 'dockerfile-pipefail': 'error' })
    expect(resolved.manifest.policy.requiredFiles).toContain('RUNBOOK.md')
    expect(resolved.manifest.policy.requiredFiles).toContain('models/model.schema.json')
    const generator = await loadGenerator(resolved, 'project', await testdir())
    expect(generator.layers.map((layer) => layer.pack.id)).toEqual(['python-base', 'python-ml', 'acme-ml'])
    expect(generator.questions.map((question) => question.name)).toContain('modelName')

    const cwd = await testdir()
    const result = await generateProject({ cwd, targetDir: 'churn', template: pack, useDefaults: true, git: false, flags: { baseImage: PINNED, devImage: PINNED } })
    const project = path.join(cwd, 'churn')
    expect(result.files).toEqual(expect.arrayContaining(['RUNBOOK.md', 'LICENSE', 'src/churn/train.py', 'models/model.schema.json']))
    expect(await fsp.readFile(path.join(project, 'RUNBOOK.md'), 'utf8')).toBe('# churn runbook\n\nPage ml-platform when the drift job fails.\n')
    const record = JSON.parse(await fsp.readFile(path.join(project, '.opsmith.json'), 'utf8'))
    expect(record.template).toMatchObject({ id: 'acme-ml', version: '1.0.0', source: { type: 'local', spec: pack } })
    expect(record.template.extends.map((layer: { id: string }) => layer.id)).toEqual(['python-base', 'python-ml'])

    // The pack's policy travels: its stricter rule is in force in the generated project.
    await fsp.writeFile(path.join(project, 'Dockerfile'), `${await fsp.readFile(path.join(project, 'Dockerfile'), 'utf8')}RUN echo a | tr a b\n`)
    const conform = await runConform({ dir: project })
    expect(conform.findings.find((finding) => finding.rule === 'dockerfile-pipefail')?.severity).toBe('error')
  })

  it('passes `opsmith template test`', async () => {
    const pack = await testdir(acmePack('python-ml'))
    const report = await testPack({ packDir: pack })
    expect(report.results.filter((entry) => !entry.ok).map((entry) => [entry.set.name, entry.failure, entry.errors.map((finding) => finding.rule)])).toEqual([])
  }, 300_000)

  it('replaces a parent file at the same path and refuses a question of another type', async () => {
    const pack = await testdir({
      ...acmePack('python-ml'),
      'generators.json': JSON.stringify({ generators: { project: { prompts: [], actions: [{ type: 'addMany', destination: '.', base: 'templates', templateFiles: 'templates/**', globOptions: { dot: true } }] } } }),
      'templates/LICENSE.hbs': 'All rights reserved by {{owner}}.\n',
    })
    const cwd = await testdir()
    await generateProject({ cwd, targetDir: 'app', template: pack, useDefaults: true, git: false, flags: { baseImage: PINNED, devImage: PINNED } })
    expect(await fsp.readFile(path.join(cwd, 'app/LICENSE'), 'utf8')).toBe('All rights reserved by ml-platform.\n')

    const clashing = await testdir({
      ...acmePack('python-ml'),
      'generators.json': JSON.stringify({ generators: { project: { prompts: [{ type: 'confirm', name: 'license', message: 'Licensed?' }], actions: [] } } }),
    })
    await expect(generateProject({ cwd, targetDir: 'other', template: clashing, useDefaults: true, git: false })).rejects.toThrow(
      'Template pack acme-ml asks "license" as a yes/no question, but the pack it extends asks it as a text question: rename it or keep its type.',
    )
  })

  it('refuses an extends cycle with the chain', async () => {
    const root = await testdir({
      'a/opsmith-pack.json': JSON.stringify({ id: 'a', description: 'a', extends: '../b' }),
      'a/plopfile.js': 'export default function () {}\n',
      'b/opsmith-pack.json': JSON.stringify({ id: 'b', description: 'b', extends: '../a' }),
      'b/plopfile.js': 'export default function () {}\n',
    })
    await expect(resolvePack(path.join(root, 'a'))).rejects.toThrow('Template pack a cannot be loaded: its `extends` chain is a cycle (a -> b -> a).')
  })

  it('offers python-base only as a parent', async () => {
    await expect(resolvePack('python-base')).rejects.toThrow('Template "python-base" is a pack for other packs to extend, not a project template.')
  })
})

// python-base and python-ml as local packs (copies of the built-ins, each in git with a tag per version), so a
// python-base release can be made inside the test and reach a project generated from acme-ml.
async function localPythonPacks(): Promise<{ base: string; ml: string }> {
  const copy = async (dir: string, entries: string[]) => {
    for (const entry of entries) await fsp.cp(path.join(PACKAGE_ROOT, entry), path.join(dir, entry), { recursive: true })
  }
  const base = await testdir()
  await copy(base, ['generators/python-base', 'generators/shared', 'templates/python-base', 'images/refs.json'])
  const baseManifest = JSON.parse(await fsp.readFile(path.join(base, 'generators/python-base/opsmith-pack.json'), 'utf8'))
  await fsp.writeFile(path.join(base, 'opsmith-pack.json'), JSON.stringify({ ...baseManifest, plopfile: 'generators/python-base/plopfile.js' }))
  await fsp.writeFile(path.join(base, 'package.json'), JSON.stringify({ name: 'python-base', version: '1.0.0' }))
  const ml = await testdir()
  await copy(ml, ['generators/python-ml', 'generators/shared', 'templates/python-ml', 'images/refs.json'])
  const mlManifest = JSON.parse(await fsp.readFile(path.join(ml, 'generators/python-ml/opsmith-pack.json'), 'utf8'))
  await fsp.writeFile(path.join(ml, 'opsmith-pack.json'), JSON.stringify({ ...mlManifest, extends: base, plopfile: 'generators/python-ml/plopfile.js' }))
  await fsp.writeFile(path.join(ml, 'package.json'), JSON.stringify({ name: 'python-ml', version: '1.0.0' }))
  for (const dir of [base, ml]) {
    await git(dir, 'init', '-q', '-b', 'main')
    await commitAndTag(dir, 'v1.0.0')
  }
  return { base, ml }
}

describe('updating a project whose pack extends others', () => {
  it('takes a new python-base alone through the 3-way merge', async () => {
    const { base, ml } = await localPythonPacks()
    const pack = await testdir(acmePack(ml))
    const cwd = await testdir()
    // Local copies of the built-ins' JavaScript generators are not built-in: they need --trust.
    await generateProject({ cwd, targetDir: 'churn', template: pack, useDefaults: true, trust: true, flags: { baseImage: PINNED, devImage: PINNED } })
    const project = path.join(cwd, 'churn')
    const record = JSON.parse(await fsp.readFile(path.join(project, '.opsmith.json'), 'utf8'))
    expect(record.template.extends).toEqual([
      { id: 'python-base', version: '1.0.0', source: { type: 'local', spec: base } },
      { id: 'python-ml', version: '1.0.0', source: { type: 'local', spec: ml } },
    ])
    // The team edits a merged file the base renders.
    const yamllint = path.join(project, '.yamllint.yaml')
    await fsp.writeFile(yamllint, `# team rules\n${await fsp.readFile(yamllint, 'utf8')}`)
    await git(project, 'commit', '-qam', 'team rules')

    // python-base 1.1.0 changes the security workflow (managed) and .yamllint.yaml (merged).
    const workflow = path.join(base, 'templates/python-base/project/.github/workflows/security.yml.hbs')
    await fsp.writeFile(workflow, `${await fsp.readFile(workflow, 'utf8')}# scanned weekly\n`)
    const lint = path.join(base, 'templates/python-base/project/.yamllint.yaml.hbs')
    await fsp.writeFile(lint, `${await fsp.readFile(lint, 'utf8')}# base 1.1.0\n`)
    await fsp.writeFile(path.join(base, 'package.json'), JSON.stringify({ name: 'python-base', version: '1.1.0' }))
    await commitAndTag(base, 'v1.1.0')

    const result = await updateProject({ projectDir: project, trust: true })
    expect(result).toMatchObject({ from: '1.0.0', to: '1.0.0', layers: [{ id: 'python-base', from: '1.0.0', to: '1.1.0' }], conflicts: [] })
    expect(result.steps.map((step) => [step.file, step.action])).toEqual([
      ['.github/workflows/security.yml', 'update'],
      ['.yamllint.yaml', 'merge'],
    ])
    expect(await fsp.readFile(path.join(project, '.github/workflows/security.yml'), 'utf8')).toMatch(/# scanned weekly\n$/)
    const merged = await fsp.readFile(yamllint, 'utf8')
    expect(merged.startsWith('# team rules\n')).toBe(true)
    expect(merged.endsWith('# base 1.1.0\n')).toBe(true)
    const after = JSON.parse(await fsp.readFile(path.join(project, '.opsmith.json'), 'utf8'))
    expect(after.template.extends[0]).toEqual({ id: 'python-base', version: '1.1.0', source: { type: 'local', spec: base } })
    expect(after.template.version).toBe('1.0.0')
  }, 120_000)
})
