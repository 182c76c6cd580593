import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { generateProject } from '../../src/generate/index.js'
import { readTree, testdir } from '../helpers/testdir.js'

// A minimal pack in the same format as the built-in ones, so the mechanics are tested apart from python-ml.
function packFiles(extraAction = ''): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'tiny-pack', version: '1.2.3', type: 'module' }),
    'opsmith-pack.json': JSON.stringify({ id: 'tiny', description: 'A tiny pack for tests' }),
    'plopfile.js': `export default function (plop) {
  plop.setGenerator('project', {
    prompts: [
      { type: 'input', name: 'projectName', message: 'Name', pattern: '^[a-z-]+$' },
      { type: 'list', name: 'flavour', message: 'Flavour', choices: ['a', 'b'], default: 'a' },
    ],
    derive: (answers) => ({ upper: answers.projectName.toUpperCase() }),
    actions: [
      { type: 'addMany', destination: '.', base: 'templates', templateFiles: 'templates/**', globOptions: { dot: true } },
      ${extraAction}
    ],
  })
}
`,
    'templates/README.md.hbs': '# {{projectName}} ({{upper}}, {{flavour}})\n',
    'templates/_gitignore.hbs': '.env\n',
    'templates/Makefile.hbs': 'all:\n',
    'templates/pack/page.md.hbs.hbs': 'raw \\{{name}}\n',
    'templates/src/{{projectName}}/main.txt.hbs': 'ci: $\\{{ github.sha }}\n',
  }
}

describe('generateProject', () => {
  it('renders, renames _gitignore, records hashes and commits', async () => {
    const pack = await testdir(packFiles())
    const cwd = await testdir()
    const result = await generateProject({ cwd, targetDir: 'demo', template: pack, useDefaults: true, trust: true })
    const tree = await readTree(path.join(cwd, 'demo'))
    expect(Object.keys(tree)).toEqual(['.gitignore', '.opsmith.json', 'Makefile', 'README.md', 'pack/page.md.hbs', 'src/demo/main.txt'])
    expect(tree['pack/page.md.hbs']).toBe('raw {{name}}\n')
    expect(tree['README.md']).toBe('# demo (DEMO, a)\n')
    expect(tree['src/demo/main.txt']).toBe('ci: ${{ github.sha }}\n')
    const manifest = JSON.parse(tree['.opsmith.json'] as string)
    expect(manifest).toMatchObject({ template: { id: 'tiny', version: '1.2.3', source: { type: 'local', spec: pack } }, answers: { projectName: 'demo', flavour: 'a' } })
    expect(Object.keys(manifest.files)).toEqual(['.gitignore', 'Makefile', 'README.md', 'pack/page.md.hbs', 'src/demo/main.txt'])
    expect(manifest.files['README.md']).toMatch(/^[a-f0-9]{64}$/)
    expect(result.git.initialized).toBe(true)
    const status = await execa('git', ['status', '--porcelain'], { cwd: path.join(cwd, 'demo') })
    expect(status.stdout).toBe('')
    expect(await fsp.readdir(cwd)).toEqual(['demo'])
  })

  it('is deterministic: same answers, same bytes', async () => {
    const pack = await testdir(packFiles())
    const cwd = await testdir()
    await generateProject({ cwd, targetDir: 'one', template: pack, useDefaults: true, trust: true, git: false, set: { projectName: 'same' } })
    await generateProject({ cwd, targetDir: 'two', template: pack, useDefaults: true, trust: true, git: false, set: { projectName: 'same' } })
    expect(await readTree(path.join(cwd, 'one'))).toEqual(await readTree(path.join(cwd, 'two')))
  })

  it('leaves nothing behind when an action fails', async () => {
    const pack = await testdir(packFiles("{ type: 'add', path: 'README.md', template: 'again' },"))
    const cwd = await testdir()
    await expect(generateProject({ cwd, targetDir: 'nested/demo', template: pack, useDefaults: true, trust: true })).rejects.toThrow(
      'Template "tiny" failed in its "project" generator.',
    )
    expect(await fsp.readdir(cwd)).toEqual([])
  })

  it('refuses a non-empty folder without --force', async () => {
    const pack = await testdir(packFiles())
    const cwd = await testdir({ 'demo/notes.txt': 'mine' })
    await expect(generateProject({ cwd, targetDir: 'demo', template: pack, useDefaults: true, trust: true })).rejects.toMatchObject({ code: 'conflict' })
    expect(await readTree(path.join(cwd, 'demo'))).toEqual({ 'notes.txt': 'mine' })
  })

  it('with --force adds files but never overwrites, and lists the conflicts', async () => {
    const pack = await testdir(packFiles())
    const cwd = await testdir({ 'demo/README.md': 'my own readme\n' })
    const result = await generateProject({ cwd, targetDir: 'demo', template: pack, useDefaults: true, trust: true, force: true })
    expect(result.conflicts).toEqual(['README.md'])
    const tree = await readTree(path.join(cwd, 'demo'))
    expect(tree['README.md']).toBe('my own readme\n')
    expect(Object.keys(tree)).toContain('src/demo/main.txt')
    expect(result.git.initialized).toBe(false)
    expect((await fsp.readdir(cwd)).sort()).toEqual(['demo'])
  })

  // The description lands in TOML, YAML and JSON strings and in the Dockerfile's LABEL, where Docker expands `$HOME`.
  it.each([['costs $5 per ${HOME}'], ['say "hi"'], ['a\\b']])('refuses the description %j of the built-in packs', async (description) => {
    const cwd = await testdir()
    await expect(generateProject({ cwd, targetDir: 'demo', template: 'python-ml', useDefaults: true, git: false, set: { description } })).rejects.toThrow(
      `description: "${description}" is not valid: one line without double quotes, backslashes or $.`,
    )
    expect(await fsp.readdir(cwd)).toEqual([])
  })

  it('rejects an invalid project name before writing anything', async () => {
    const pack = await testdir(packFiles())
    const cwd = await testdir()
    await expect(generateProject({ cwd, targetDir: 'Bad_Name', template: pack, useDefaults: true, trust: true })).rejects.toThrow(
      'projectName: "Bad_Name" is not valid',
    )
    expect(await fsp.readdir(cwd)).toEqual([])
  })
})

describe('generating into the current folder', () => {
  it('fills an empty folder without replacing it (a shell may be standing in it)', async () => {
    const pack = await testdir(packFiles())
    const cwd = await testdir()
    const empty = path.join(cwd, 'here')
    await fsp.mkdir(empty)
    const before = (await fsp.stat(empty)).ino
    await generateProject({ cwd: empty, targetDir: '.', template: pack, useDefaults: true, trust: true, set: { projectName: 'here' } })
    expect((await fsp.stat(empty)).ino).toBe(before)
    expect((await fsp.readdir(empty)).sort()).toEqual(['.git', '.gitignore', '.opsmith.json', 'Makefile', 'README.md', 'pack', 'src'])
    expect(await fsp.readdir(cwd)).toEqual(['here'])
  })
})
