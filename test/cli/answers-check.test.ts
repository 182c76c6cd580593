import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { readTree, testdir } from '../helpers/testdir.js'

// Reusing and changing answers, dry runs, JSON output and `check`, from the built binary.
const BIN = path.resolve(import.meta.dirname, '../../dist/bin/opsmith.js')

function run(args: string[], cwd: string) {
  return execa('node', [BIN, ...args], { cwd, reject: false, stdin: 'ignore', env: { CI: 'true' } })
}

async function git(cwd: string, ...args: string[]) {
  return execa('git', args, { cwd })
}

// A pack of data with two questions; README is merged, greeting.txt managed, src/ seeded.
const PACK: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'greeter-pack', version: '1.0.0' }),
  'opsmith-pack.json': JSON.stringify({ id: 'greeter', description: 'greets', files: { managed: ['greeting.txt'], seeded: ['src/**'], merged: ['README.md'] } }),
  'generators.yaml': [
    'generators:',
    '  project:',
    '    prompts:',
    '      - { type: input, name: projectName, message: Name }',
    '      - { type: input, name: greeting, message: Greeting, default: hello }',
    '      - { type: confirm, name: extras, message: Extras, default: false }',
    '    actions:',
    '      - { type: addMany, destination: ., base: templates, templateFiles: "templates/**", globOptions: { dot: true } }',
    '',
  ].join('\n'),
  'templates/README.md.hbs': '# {{projectName}}\n\nSays {{greeting}}.\n\n## Usage\n\nRun it.\n',
  'templates/greeting.txt.hbs': '{{greeting}}, world\n',
  'templates/src/app.py.hbs': 'print("{{greeting}}")\n',
  'templates/extras.txt.hbs': 'extras: {{#if extras}}on{{else}}off{{/if}}\n',
}

/** The pack in git at v1.0.0 and a committed project generated from it. */
async function setup(answers: string[] = []) {
  const pack = await testdir(PACK)
  await git(pack, 'init', '-q', '-b', 'main')
  await git(pack, 'add', '-A')
  await git(pack, 'commit', '-qm', 'v1')
  await git(pack, 'tag', 'v1.0.0')
  const cwd = await testdir()
  const generated = await run(['new', 'app', '--yes', '--template', pack, ...answers], cwd)
  expect(generated.exitCode, generated.stderr).toBe(0)
  return { pack, cwd, project: path.join(cwd, 'app') }
}

describe('new --dry-run', () => {
  it.each([
    { format: 'text', target: 'app' },
    { format: 'json', target: 'nested/deeper/app' },
  ])('$format: lists every file, writes nothing, leaves no staging folder (target $target)', async ({ format, target }) => {
    const { pack } = await setup()
    const cwd = await testdir()
    const result = await run(['new', target, '--yes', '--dry-run', '--template', pack, '--format', format], cwd)
    expect(result.exitCode, result.stderr).toBe(0)
    const files = ['.opsmith.json', 'README.md', 'extras.txt', 'greeting.txt', 'src/app.py']
    if (format === 'json') {
      const document = JSON.parse(result.stdout)
      expect(document).toMatchObject({ dryRun: true, template: { id: 'greeter', version: '1.0.0' }, files, conflicts: [] })
      expect(document.targetDir).toBe(path.join(cwd, target))
    } else {
      expect(result.stdout.split('\n')[0]).toBe(`Would create ${target} from greeter 1.0.0 (5 files); nothing was written:`)
      for (const file of files) expect(result.stdout).toContain(`\n  ${file}`)
    }
    expect(await fsp.readdir(cwd)).toEqual([])
  })

  it('with --force on a non-empty folder: lists the files it would keep', async () => {
    const { pack } = await setup()
    const cwd = await testdir({ 'app/README.md': 'mine\n' })
    const result = await run(['new', 'app', '--yes', '--dry-run', '--force', '--template', pack, '-f', 'json'], cwd)
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, conflicts: ['README.md'], files: ['.opsmith.json', 'extras.txt', 'greeting.txt', 'src/app.py'] })
    expect(await readTree(path.join(cwd, 'app'))).toEqual({ 'README.md': 'mine\n' })
  })
})

describe('new --answers <project>/.opsmith.json', () => {
  it("takes that project's template and answers; the new folder names the project", async () => {
    const { project, cwd } = await setup(['--set', 'greeting=bonjour', '--set', 'extras=true'])
    const result = await run(['new', 'copy', '--yes', '--no-git', '--answers', path.join(project, '.opsmith.json'), '-f', 'json'], cwd)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout).template).toEqual({ id: 'greeter', version: '1.0.0' })
    const tree = await readTree(path.join(cwd, 'copy'))
    expect(tree['greeting.txt']).toBe('bonjour, world\n')
    expect(tree['extras.txt']).toBe('extras: on\n')
    expect(tree['README.md']).toContain('# copy\n')
    expect(JSON.parse(tree['.opsmith.json'] as string).answers).toEqual({ projectName: 'copy', greeting: 'bonjour', extras: true })
  })

  it('--set still wins over the recorded answers; an invalid record is one line, exit 2', async () => {
    const { project, cwd } = await setup(['--set', 'greeting=bonjour'])
    const result = await run(['new', 'other', '--yes', '--no-git', '--answers', path.join(project, '.opsmith.json'), '--set', 'greeting=hi'], cwd)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(await fsp.readFile(path.join(cwd, 'other/greeting.txt'), 'utf8')).toBe('hi, world\n')
    const broken = await testdir({ '.opsmith.json': JSON.stringify({ template: { id: 'greeter' }, answers: {} }) })
    const refused = await run(['new', 'x', '--yes', '--answers', path.join(broken, '.opsmith.json')], cwd)
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    expect(refused.stderr).toMatch(/is a project record \(\.opsmith\.json\) that is not valid: template\.version/)
  })
})

describe('update --set key=value', () => {
  it('re-renders with the changed answer through the 3-way merge and records it', async () => {
    const { project } = await setup()
    await fsp.appendFile(path.join(project, 'README.md'), '\nMy own notes.\n')
    await git(project, 'commit', '-qam', 'notes')
    const dry = await run(['update', '--set', 'greeting=hi', '--set', 'extras=true', '--dry-run', '-f', 'json'], project)
    expect(dry.exitCode, dry.stderr).toBe(0)
    const plan = JSON.parse(dry.stdout)
    expect(plan.answers).toEqual([
      { name: 'greeting', from: 'hello', to: 'hi' },
      { name: 'extras', from: false, to: true },
    ])
    // The seeded file is kept, and named: the new answer renders it differently.
    expect(plan.steps.map((step: { file: string; action: string }) => `${step.action} ${step.file}`)).toEqual(['merge README.md', 'update extras.txt', 'update greeting.txt', 'keep src/app.py'])
    expect(plan.steps.at(-1).reason).toBe('seeded: yours, left as it is; the template renders it differently now')
    expect((await git(project, 'status', '--porcelain')).stdout).toBe('')

    const result = await run(['update', '--set', 'greeting=hi', '--set', 'extras=true'], project)
    expect(result.exitCode, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toContain('  answer    greeting: "hello" -> "hi"')
    const tree = await readTree(project)
    expect(tree['greeting.txt']).toBe('hi, world\n')
    expect(tree['README.md']).toBe('# app\n\nSays hi.\n\n## Usage\n\nRun it.\n\nMy own notes.\n')
    // Seeded: written once, the user's from then on; the summary says how to see what the template renders now.
    expect(tree['src/app.py']).toBe('print("hello")\n')
    expect(result.stdout).toContain('  kept      src/app.py  (seeded: yours, left as it is; the template renders it differently now)')
    const hint = /`(opsmith new <folder> --answers \.opsmith\.json --set projectName=app --no-git)`/.exec(result.stdout)
    expect(hint, result.stdout).not.toBeNull()
    const copy = path.join(path.dirname(project), 'rendered-now')
    const rendered = await run([...(hint![1] as string).replace('<folder>', copy).split(' ').slice(1)], project)
    expect(rendered.exitCode, rendered.stderr).toBe(0)
    expect(await fsp.readFile(path.join(copy, 'src/app.py'), 'utf8')).toBe('print("hi")\n')
    expect(JSON.parse(tree['.opsmith.json'] as string).answers).toEqual({ projectName: 'app', greeting: 'hi', extras: true })
    await git(project, 'commit', '-qam', 'greeting')
    // Nothing is behind and nothing drifted afterwards.
    expect((await run(['diff'], project)).exitCode).toBe(0)
  })

  it('an unknown question or a bad value: exit 2, one line, nothing written', async () => {
    const { project } = await setup()
    for (const set of ['colour=red', 'extras=maybe', 'greeting']) {
      const result = await run(['update', '--set', set], project)
      expect(result.exitCode, set).toBe(2)
      expect(result.stderr.trim().split('\n').filter((line) => !line.startsWith('['))).toHaveLength(1)
    }
    expect((await git(project, 'status', '--porcelain')).stdout).toBe('')
  })
})

describe('check', () => {
  it('exit 0 when current, 1 when a layer is behind, 2 outside a project; text and JSON', async () => {
    const { pack, project, cwd } = await setup()
    const current = await run(['check'], project)
    expect(current.exitCode, current.stderr).toBe(0)
    expect(current.stdout).toBe('greeter 1.0.0, current\nThe project is up to date with its template.')

    await fsp.writeFile(path.join(pack, 'package.json'), JSON.stringify({ name: 'greeter-pack', version: '1.1.0' }))
    const behind = await run(['check'], project)
    expect(behind.exitCode, behind.stderr).toBe(1)
    expect(behind.stdout).toContain('greeter 1.0.0, behind: 1.1.0 is available')
    const json = await run(['check', project, '--format', 'json'], cwd)
    expect(json.exitCode, json.stderr).toBe(1)
    expect(JSON.parse(json.stdout)).toEqual({ behind: true, layers: [{ id: 'greeter', version: '1.0.0', source: 'local', newest: '1.1.0', status: 'behind' }] })

    const outside = await run(['check'], cwd)
    expect(outside.exitCode).toBe(2)
    expect(outside.stdout).toBe('')
    expect(outside.stderr).toMatch(/^opsmith: .* is not an opsmith project/)
  })

  it('reports every layer of a built-in pack', async () => {
    const cwd = await testdir()
    expect((await run(['new', 'm', '--yes', '--no-git'], cwd)).exitCode).toBe(0)
    const result = await run(['check', 'm', '-f', 'json'], cwd)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout).layers.map((layer: { id: string; status: string }) => `${layer.id} ${layer.status}`)).toEqual(['python-base current', 'python-ml current'])
  })
})

describe('diff', () => {
  it('--format json is one document; a committed symlink pointing outside is reported, its target never read', async () => {
    const { project } = await setup()
    const outside = await testdir({ 'secret.txt': 'TOP-SECRET-CONTENT\n' })
    await fsp.rm(path.join(project, 'greeting.txt'))
    await fsp.symlink(path.join(outside, 'secret.txt'), path.join(project, 'greeting.txt'))
    await git(project, 'add', '-A')
    await git(project, 'commit', '-qm', 'link')
    for (const args of [['diff'], ['diff', '-f', 'json']]) {
      const result = await run(args, project)
      expect(result.exitCode).toBe(1)
      expect(result.stdout).not.toContain('TOP-SECRET')
      if (args.length > 1) expect(JSON.parse(result.stdout)).toEqual({ drifted: true, files: [{ file: 'greeting.txt', status: 'symlink', patch: expect.stringContaining('symbolic link') }] })
      else expect(result.stdout).toBe('# greeting.txt: a symbolic link (on the path or the file itself); not read, not compared')
    }
    // The link itself is left as it is.
    expect(fs.readlinkSync(path.join(project, 'greeting.txt'))).toBe(path.join(outside, 'secret.txt'))
  })

  it('reports drift of a managed file as a patch in JSON', async () => {
    const { project } = await setup()
    await fsp.writeFile(path.join(project, 'greeting.txt'), 'changed\n')
    const result = await run(['diff', '--format', 'json'], project)
    expect(result.exitCode).toBe(1)
    const document = JSON.parse(result.stdout)
    expect(document.files[0]).toMatchObject({ file: 'greeting.txt', status: 'modified' })
    expect(document.files[0].patch).toContain('-hello, world\n+changed')
  })
})

describe('template test --format json', () => {
  it('prints one JSON document with every answer set', async () => {
    const { pack } = await setup()
    const result = await run(['template', 'test', pack, '--format', 'json'], await testdir())
    expect(result.stdout.trim().startsWith('{')).toBe(true)
    const document = JSON.parse(result.stdout)
    expect(document).toMatchObject({ pack: 'greeter', version: '1.0.0', total: document.results.length })
    expect(document.results.length).toBeGreaterThan(1)
    expect(result.stderr).toMatch(/^\[\d\d:\d\d:\d\d\] Rendering the answer sets/)
  })
})
