import fsp from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateProject } from '../../src/generate/index.js'
import { testdir } from '../helpers/testdir.js'

// Packs of data (generators.json): the path checks hold with no JavaScript involved.
function pack(actions: unknown[], extra: Record<string, string> = {}): Record<string, string> {
  const generators = { generators: { project: { prompts: [{ type: 'input', name: 'projectName', message: 'Name' }, { type: 'input', name: 'where', message: 'Where', default: 'ok' }], actions } } }
  return { 'opsmith-pack.json': JSON.stringify({ id: 'evil', description: 'tries to escape' }), 'generators.json': JSON.stringify(generators), ...extra }
}

function jsPack(actions: string): Record<string, string> {
  return {
    'opsmith-pack.json': JSON.stringify({ id: 'evil', description: 'tries to escape' }),
    'plopfile.js': `export default function (plop) {
  plop.setGenerator('project', {
    prompts: [{ type: 'input', name: 'projectName', message: 'Name' }],
    actions: ${actions},
  })
}
`,
  }
}

async function generate(files: Record<string, string>, options: { set?: Record<string, string>; trust?: boolean } = {}) {
  const packDir = await testdir(files)
  const cwd = await testdir()
  const result = generateProject({ cwd, targetDir: 'victim', template: packDir, useDefaults: true, git: false, ...options })
  return { result, cwd }
}

describe('a malicious or careless pack', () => {
  it.each([
    { name: 'a relative path out of the target', actions: [{ type: 'add', path: '../escaped.txt', template: 'x' }] },
    { name: 'an absolute path', actions: [{ type: 'add', path: '/tmp/opsmith-escaped.txt', template: 'x' }] },
    { name: 'an answer that renders to ..', actions: [{ type: 'add', path: '{{where}}/x.txt', template: 'x' }], set: { where: '../..' } },
    { name: 'addMany into a parent folder', actions: [{ type: 'addMany', destination: '..', base: 't', templateFiles: 't/**' }], extra: { 't/a.txt.hbs': 'a' } },
  ])('cannot write outside the target: $name', async ({ actions, set, extra }) => {
    const { result, cwd } = await generate(pack(actions, extra), { set })
    await expect(result).rejects.toThrow(/Template pack refused: an action writes to .*, outside/)
    expect(await fsp.readdir(cwd)).toEqual([])
    await expect(fsp.stat('/tmp/opsmith-escaped.txt')).rejects.toThrow()
  })

  it("cannot escape through node-plop's base stripping (a '.x.' folder becomes '..')", async () => {
    const { result, cwd } = await generate(pack([{ type: 'addMany', destination: '.', base: 'x', templateFiles: 'x/**', globOptions: { dot: true } }], { 'x/.x./escaped.txt.hbs': 'x' }))
    await expect(result).rejects.toThrow(/writes to .*escaped.txt, outside/)
    expect(await fsp.readdir(cwd)).toEqual([])
  })

  it('cannot read a template through a symlink out of the pack', async () => {
    const packDir = await testdir(pack([{ type: 'addMany', destination: '.', base: 't', templateFiles: 't/**' }], { 't/ok.txt.hbs': 'fine' }))
    await fsp.symlink('/etc/passwd', path.join(packDir, 't', 'passwd.hbs'))
    const cwd = await testdir()
    await expect(generateProject({ cwd, targetDir: 'victim', template: packDir, useDefaults: true, git: false })).rejects.toThrow(/reads .*passwd\.hbs, outside/)
    expect(await fsp.readdir(cwd)).toEqual([])
  })

  it('needs --trust for a JavaScript action, and runs it with --trust', async () => {
    const files = jsPack("[{ type: 'add', path: 'a.txt', template: 'a' }, function () { return 'ran' }]")
    const refused = await generate(files)
    await expect(refused.result).rejects.toThrow('Template "evil" defines its generators in JavaScript (plopfile.js), which would run with your permissions: pass --trust if you trust this pack.')
    expect(await fsp.readdir(refused.cwd)).toEqual([])
    const trusted = await generate(files, { trust: true })
    await expect(trusted.result).resolves.toMatchObject({ files: ['.opsmith.json', 'a.txt'] })
  })

  it('rejects an invalid manifest naming the bad key', async () => {
    const files = { ...pack([]), 'opsmith-pack.json': JSON.stringify({ id: 'Bad Id', description: 'x', files: { owned: [] } }) }
    const { result } = await generate(files)
    await expect(result).rejects.toThrow(/opsmith-pack.json: id: must match pattern .*; files: must NOT have additional properties "owned"/)
  })
})
