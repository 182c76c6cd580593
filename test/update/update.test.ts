import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { generateProject } from '../../src/generate/index.js'
import { updateProject } from '../../src/update/update.js'
import { testdir } from '../helpers/testdir.js'

// A local pack in git, with a tag per version, the way copier reads template versions.
const V1: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'demo-pack', version: '1.0.0', type: 'module' }),
  'opsmith-pack.json': JSON.stringify({
    id: 'demo',
    description: 'update test pack',
    files: { managed: ['ci.yml', 'gone-managed.txt'], seeded: ['src/**'], merged: ['README.md', 'Makefile'] },
  }),
  // A pack of data: update renders it with no --trust and no JavaScript of the pack.
  'generators.yaml': [
    'generators:',
    '  project:',
    '    prompts: [{ type: input, name: projectName, message: Name }]',
    '    actions:',
    '      - { type: addMany, destination: ., base: templates, templateFiles: "templates/**", globOptions: { dot: true } }',
    '',
  ].join('\n'),
  'templates/ci.yml.hbs': 'name: ci\nsteps: 1\n',
  'templates/README.md.hbs': '# {{projectName}}\n\nIntro.\n\n## Usage\n\nRun it.\n',
  'templates/Makefile.hbs': 'test:\n\tpytest\n',
  'templates/src/app.py.hbs': 'print("v1")\n',
  'templates/gone-managed.txt.hbs': 'old\n',
  'templates/gone-edited.txt.hbs': 'old\n',
  'templates/deleted-by-user.txt.hbs': 'v1\n',
}

const V2: Record<string, string | null> = {
  'package.json': JSON.stringify({ name: 'demo-pack', version: '2.0.0', type: 'module' }),
  'opsmith-pack.json': JSON.stringify({
    id: 'demo',
    description: 'update test pack',
    files: { managed: ['ci.yml'], seeded: ['src/**'], merged: ['README.md', 'Makefile'] },
    migrations: [{ version: '2.0.0', description: 'lint config moved', actions: [{ type: 'rename', from: 'lint.cfg', to: 'config/lint.cfg' }] }],
  }),
  'templates/ci.yml.hbs': 'name: ci\nsteps: 2\n',
  'templates/README.md.hbs': '# {{projectName}}\n\nIntro.\n\n## Usage\n\nRun it with make.\n',
  'templates/Makefile.hbs': 'test:\n\tpytest -q\n',
  'templates/src/app.py.hbs': 'print("v2")\n',
  'templates/gone-managed.txt.hbs': null,
  'templates/gone-edited.txt.hbs': null,
  'templates/deleted-by-user.txt.hbs': 'v2\n',
  'templates/added.txt.hbs': 'new in v2\n',
  'templates/lint.cfg.hbs': null,
  'templates/config/lint.cfg.hbs': 'strict = true\n',
}

async function git(cwd: string, ...args: string[]) {
  return execa('git', args, { cwd })
}

async function writeFiles(dir: string, files: Record<string, string | null>) {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file)
    if (content === null) await fsp.rm(target, { force: true })
    else {
      await fsp.mkdir(path.dirname(target), { recursive: true })
      await fsp.writeFile(target, content)
    }
  }
}

async function setup() {
  const pack = await testdir({ ...V1, 'templates/lint.cfg.hbs': 'strict = false\n' })
  await git(pack, 'init', '-q', '-b', 'main')
  await git(pack, 'add', '-A')
  await git(pack, 'commit', '-qm', 'v1')
  await git(pack, 'tag', 'v1.0.0')
  const cwd = await testdir()
  await generateProject({ cwd, targetDir: 'app', template: pack, useDefaults: true })
  const project = path.join(cwd, 'app')
  // The pack moves on to 2.0.0 (tagged, and the folder now holds 2.0.0).
  await writeFiles(pack, V2)
  await git(pack, 'add', '-A')
  await git(pack, 'commit', '-qm', 'v2')
  await git(pack, 'tag', 'v2.0.0')
  return { pack, project }
}

async function read(project: string, file: string) {
  return fsp.readFile(path.join(project, file), 'utf8').catch(() => undefined)
}

describe('updateProject', () => {
  it('merges every case without losing a user edit', async () => {
    const { project } = await setup()
    // The user's own work since generation.
    await writeFiles(project, {
      'README.md': '# app\n\nIntro, extended by the team.\n\n## Usage\n\nRun it.\n',
      'Makefile': 'test:\n\tpytest --maxfail=1\n',
      'src/app.py': 'print("mine")\n',
      'gone-edited.txt': 'old, but edited\n',
      'deleted-by-user.txt': null,
      'notes.md': 'my own file\n',
    })
    await git(project, 'add', '-A')
    await git(project, 'commit', '-qm', 'my work')

    const result = await updateProject({ projectDir: project })
    expect(result).toMatchObject({ from: '1.0.0', to: '2.0.0', conflicts: ['Makefile'] })
    // managed, unchanged by the user: replaced
    expect(await read(project, 'ci.yml')).toBe('name: ci\nsteps: 2\n')
    // merged, both changed different lines: both kept
    expect(await read(project, 'README.md')).toBe('# app\n\nIntro, extended by the team.\n\n## Usage\n\nRun it with make.\n')
    // merged, both changed the same line: conflict markers with both sides
    expect(await read(project, 'Makefile')).toBe(
      'test:\n<<<<<<< yours\n\tpytest --maxfail=1\n||||||| demo 1.0.0\n\tpytest\n=======\n\tpytest -q\n>>>>>>> demo 2.0.0\n',
    )
    // seeded: left alone
    expect(await read(project, 'src/app.py')).toBe('print("mine")\n')
    // removed by the template: gone unless the user changed it
    expect(await read(project, 'gone-managed.txt')).toBeUndefined()
    expect(await read(project, 'gone-edited.txt')).toBe('old, but edited\n')
    // deleted by the user: stays deleted; added by the template: appears; the user's own file: untouched
    expect(await read(project, 'deleted-by-user.txt')).toBeUndefined()
    expect(await read(project, 'added.txt')).toBe('new in v2\n')
    expect(await read(project, 'notes.md')).toBe('my own file\n')
    // migration: renamed, then updated like any file
    expect(await read(project, 'lint.cfg')).toBeUndefined()
    expect(await read(project, 'config/lint.cfg')).toBe('strict = true\n')
    const manifest = JSON.parse((await read(project, '.opsmith.json')) as string)
    expect(manifest.template.version).toBe('2.0.0')
    expect(Object.keys(manifest.files)).toContain('added.txt')
  })

  it('--dry-run plans the same steps and writes nothing', async () => {
    const { project } = await setup()
    const before = await read(project, 'ci.yml')
    const result = await updateProject({ projectDir: project, dryRun: true })
    expect(result.steps.find((step) => step.file === 'ci.yml')?.action).toBe('update')
    expect(await read(project, 'ci.yml')).toBe(before)
    expect((await git(project, 'status', '--porcelain')).stdout).toBe('')
  })

  it('refuses a dirty work tree with a conflict error', async () => {
    const { project } = await setup()
    await fsp.writeFile(path.join(project, 'README.md'), 'uncommitted\n')
    await expect(updateProject({ projectDir: project })).rejects.toMatchObject({ code: 'conflict' })
    expect(await read(project, 'README.md')).toBe('uncommitted\n')
  })
})

describe('diffManagedFiles', () => {
  it('reports a managed file edited since generation, with a unified diff', async () => {
    const { diffManagedFiles } = await import('../../src/update/drift.js')
    const { project } = await setup()
    await fsp.writeFile(path.join(project, 'ci.yml'), 'name: ci\nsteps: 99\n')
    await fsp.writeFile(path.join(project, 'README.md'), 'merged files are not drift\n')
    const drift = await diffManagedFiles(project)
    expect(drift.map((entry) => [entry.file, entry.status])).toEqual([['ci.yml', 'modified']])
    expect(drift[0]?.patch).toContain('-steps: 1\n+steps: 99')
  })
})
