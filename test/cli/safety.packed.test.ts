import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { beforeAll, describe, expect, it } from 'vitest'
import { installPacked } from '../helpers/packed.js'
import { SLOW_PACK, waitUntilStaged } from '../helpers/slow-pack.js'
import { readTree, testdir } from '../helpers/testdir.js'

// The safety promises of the README, as a user meets them: every case runs the installed package.
let bin: { opsmith: string }

beforeAll(async () => {
  bin = await installPacked()
}, 300_000)

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa(bin.opsmith, args, { cwd, reject: false, stdin: 'ignore', env: { CI: 'true', ...env } })
}

// The error lines of stderr: progress lines (`[hh:mm:ss] ...`, printed in CI) are not errors.
function oneLine(stderr: string): string[] {
  return stderr.trim().split('\n').filter((line) => !/^\[\d\d:\d\d:\d\d\] /.test(line))
}

// A pack of data: generators.yaml plus templates, optionally in git with a tag per version.
function dataPack(actions: string, extra: Record<string, string> = {}, prompts = '[{ type: input, name: projectName, message: Name }]'): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'demo-pack', version: '1.0.0' }),
    'opsmith-pack.json': JSON.stringify({ id: 'demo', description: 'a pack of data' }),
    'generators.yaml': `generators:\n  project:\n    prompts: ${prompts}\n    actions: ${actions}\n`,
    ...extra,
  }
}

const ADD_MANY = '[{ type: addMany, destination: ., base: templates, templateFiles: "templates/**", globOptions: { dot: true } }]'

async function git(cwd: string, ...args: string[]) {
  return execa('git', args, { cwd })
}

async function commitAll(dir: string, message: string, tag?: string) {
  await git(dir, 'add', '-A')
  await git(dir, 'commit', '-qm', message)
  if (tag) await git(dir, 'tag', tag)
}

describe('trust boundary: without --trust no JavaScript of a pack runs, in any form', () => {
  // Each plopfile writes the marker file if any of its code runs.
  const FORMS: Array<{ name: string; plopfile: string; template?: string }> = [
    { name: 'top-level plopfile code', plopfile: `writeFileSync(process.env.MARKER, 'top')\nexport default function (plop) { plop.setGenerator('project', { prompts: [], actions: [] }) }` },
    { name: 'setHelper', plopfile: `export default function (plop) { plop.setHelper('x', () => { writeFileSync(process.env.MARKER, 'helper'); return '' }); plop.setGenerator('project', { prompts: [], actions: [{ type: 'add', path: 'a.txt', template: '{{x}}' }] }) }` },
    { name: 'an action given as a function', plopfile: `export default function (plop) { plop.setGenerator('project', { prompts: [], actions: [() => { writeFileSync(process.env.MARKER, 'fn'); return 'ok' }] }) }` },
    { name: 'actions as a function', plopfile: `export default function (plop) { plop.setGenerator('project', { prompts: [], actions: () => { writeFileSync(process.env.MARKER, 'actions'); return [] } }) }` },
    { name: 'derive', plopfile: `export default function (plop) { plop.setGenerator('project', { prompts: [], derive: () => { writeFileSync(process.env.MARKER, 'derive'); return {} }, actions: [] }) }` },
    { name: 'transform on an action', plopfile: `export default function (plop) { plop.setGenerator('project', { prompts: [], actions: [{ type: 'add', path: 'a.txt', template: 'a', transform: (text) => { writeFileSync(process.env.MARKER, 'transform'); return text } }] }) }` },
    { name: 'skip on an action', plopfile: `export default function (plop) { plop.setGenerator('project', { prompts: [], actions: [{ type: 'add', path: 'a.txt', template: 'a', skip: () => { writeFileSync(process.env.MARKER, 'skip') } }] }) }` },
  ]

  it.each(FORMS)('$name: refused with exit 2 and one line, nothing ran, nothing written', async ({ plopfile }) => {
    const pack = await testdir({ 'opsmith-pack.json': JSON.stringify({ id: 'js-pack', description: 'JavaScript' }), 'plopfile.js': `import { writeFileSync } from 'node:fs'\n${plopfile}\n` })
    const cwd = await testdir()
    const marker = path.join(await testdir(), 'ran')
    const result = await run(['new', 'demo', '--yes', '--no-git', '--template', pack], cwd, { MARKER: marker })
    expect(result.exitCode).toBe(2)
    expect(oneLine(result.stderr)).toEqual(['opsmith: Template "js-pack" defines its generators in JavaScript (plopfile.js), which would run with your permissions: pass --trust if you trust this pack.'])
    expect(fs.existsSync(marker)).toBe(false)
    expect(await fsp.readdir(cwd)).toEqual([])
    // --schema loads the generators too: refused the same way.
    expect((await run(['new', '--schema', '--template', pack], cwd, { MARKER: marker })).exitCode).toBe(2)
    expect(fs.existsSync(marker)).toBe(false)
  })

  it('runs the JavaScript with --trust (so the test above would see it run)', async () => {
    const pack = await testdir({ 'opsmith-pack.json': JSON.stringify({ id: 'js-pack', description: 'JavaScript' }), 'plopfile.js': `import { writeFileSync } from 'node:fs'\n${FORMS[0]?.plopfile}\n` })
    const cwd = await testdir()
    const marker = path.join(await testdir(), 'ran')
    const result = await run(['new', 'demo', '--yes', '--no-git', '--trust', '--template', pack], cwd, { MARKER: marker })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(fs.readFileSync(marker, 'utf8')).toBe('top')
  })

  it('a pack of data needs no --trust; a function-only option in it is refused', async () => {
    const cwd = await testdir()
    const pack = await testdir(dataPack(ADD_MANY, { 'templates/README.md.hbs': '# {{projectName}} {{kebabCase projectName}}\n' }))
    const result = await run(['new', 'demo', '--yes', '--no-git', '--template', pack], cwd)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(await fsp.readFile(path.join(cwd, 'demo/README.md'), 'utf8')).toBe('# demo demo\n')
    const transform = await testdir(dataPack('[{ type: add, path: a.txt, template: a, transform: "x" }]'))
    const refused = await run(['new', 'other', '--yes', '--no-git', '--template', transform], cwd)
    expect(refused.exitCode).toBe(2)
    expect(oneLine(refused.stderr)).toHaveLength(1)
    expect(refused.stderr).toContain('option "transform" is not available to a data generator')
  })

  it('template init writes a pack of data that generates without --trust', async () => {
    const cwd = await testdir()
    expect((await run(['template', 'init', 'pack', '--yes', '--no-git'], cwd)).exitCode).toBe(0)
    expect(fs.existsSync(path.join(cwd, 'pack/generators.yaml'))).toBe(true)
    expect(fs.existsSync(path.join(cwd, 'pack/plopfile.js'))).toBe(false)
    const result = await run(['new', 'svc', '--yes', '--no-git', '--template', './pack'], cwd)
    expect(result.exitCode, result.stderr).toBe(0)
  })
})

// A binary that is not valid UTF-8 (NUL bytes, 0xff) and changes between versions.
const PNG_V1 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80, 0x01, 0x0a, 0x0d])
const PNG_V2 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xfe, 0xff, 0x81, 0x02, 0x0a])
const PNG_USER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0xc3, 0x28])

/** A pack in git at v1.0.0, a project generated from it and committed, and the pack moved to v2.0.0. */
async function updateFixture(v2: { files?: Record<string, string | null>; manifest?: object }, setupProject?: (project: string, outside: string) => Promise<void>) {
  const pack = await testdir(dataPack(ADD_MANY, {
    'templates/README.md.hbs': '# {{projectName}}\n\nIntro.\n\n## Usage\n\nRun it.\n',
    'templates/crlf.txt.hbs': 'one\ntwo\nthree\nfour\nfive\n',
    'templates/old-name.txt.hbs': 'old\n',
  }))
  await fsp.writeFile(path.join(pack, 'templates/logo.png'), PNG_V1)
  await fsp.writeFile(path.join(pack, 'templates/edited.png'), PNG_V1)
  await git(pack, 'init', '-q', '-b', 'main')
  await commitAll(pack, 'v1', 'v1.0.0')
  const base = await testdir({ 'outside/x': 'outside, keep me\n' })
  const outside = path.join(base, 'outside')
  const generated = await run(['new', 'app', '--yes', '--template', pack], base)
  expect(generated.exitCode, generated.stderr).toBe(0)
  const project = path.join(base, 'app')
  if (setupProject) {
    await setupProject(project, outside)
    await commitAll(project, 'user work')
  }
  await fsp.writeFile(path.join(pack, 'package.json'), JSON.stringify({ name: 'demo-pack', version: '2.0.0' }))
  await fsp.writeFile(path.join(pack, 'opsmith-pack.json'), JSON.stringify({ id: 'demo', description: 'a pack of data', ...v2.manifest }))
  for (const [file, content] of Object.entries(v2.files ?? {})) {
    if (content === null) await fsp.rm(path.join(pack, file))
    else await fsp.writeFile(path.join(pack, file), content)
  }
  await fsp.writeFile(path.join(pack, 'templates/logo.png'), PNG_V2)
  await fsp.writeFile(path.join(pack, 'templates/edited.png'), PNG_V2)
  await commitAll(pack, 'v2', 'v2.0.0')
  return { pack, project, outside, base }
}

describe('update: nothing outside the project is touched, no edit is lost', () => {
  it('replaces an untouched binary byte-exact, keeps an edited one with the template\'s beside it (exit 1), keeps CRLF', async () => {
    const { project } = await updateFixture({ files: { 'templates/crlf.txt.hbs': 'ONE\ntwo\nthree\nfour\nfive\n' } }, async (dir) => {
      await fsp.writeFile(path.join(dir, 'edited.png'), PNG_USER)
      // The user converted the file to CRLF and edited its last line.
      await fsp.writeFile(path.join(dir, 'crlf.txt'), 'one\r\ntwo\r\nthree\r\nfour\r\nFIVE\r\n')
    })
    const result = await run(['update'], project)
    expect(result.exitCode, result.stderr).toBe(1)
    expect(result.stdout).toMatch(/CONFLICT +edited\.png +\(binary: never text-merged; yours is kept, the template's is in edited\.png\.opsmith-new\)/)
    expect(result.stdout).toMatch(/updated +logo\.png/)
    expect(result.stdout).toMatch(/merged +crlf\.txt/)
    expect(await fsp.readFile(path.join(project, 'logo.png'))).toEqual(PNG_V2)
    expect(await fsp.readFile(path.join(project, 'edited.png'))).toEqual(PNG_USER)
    expect(await fsp.readFile(path.join(project, 'edited.png.opsmith-new'))).toEqual(PNG_V2)
    expect(await fsp.readFile(path.join(project, 'crlf.txt'), 'utf8')).toBe('ONE\r\ntwo\r\nthree\r\nfour\r\nFIVE\r\n')
  }, 120_000)

  it.each([
    { name: 'a migration renaming to ../../x', manifest: { migrations: [{ version: '2.0.0', actions: [{ type: 'rename', from: 'old-name.txt', to: '../outside/x' }] }] }, message: 'Migration 2.0.0 of demo is refused: ../outside/x: the path leaves the project (`..`).' },
    { name: 'a migration deleting /abs', manifest: { migrations: [{ version: '2.0.0', actions: [{ type: 'delete', path: '/etc/hostname' }] }] }, message: 'an absolute path' },
  ])('refuses $name: exit 2, one line, nothing changed', async ({ manifest, message }) => {
    const { project, outside } = await updateFixture({ manifest })
    const result = await run(['update'], project)
    expect(result.exitCode).toBe(2)
    expect(oneLine(result.stderr)).toHaveLength(1)
    expect(result.stderr).toContain(message)
    expect(await fsp.readFile(path.join(outside, 'x'), 'utf8')).toBe('outside, keep me\n')
    expect((await git(project, 'status', '--porcelain')).stdout).toBe('')
  }, 120_000)

  it('refuses a .opsmith.json whose files map names ../../x', async () => {
    const { project, outside } = await updateFixture({}, async (dir) => {
      const record = JSON.parse(await fsp.readFile(path.join(dir, '.opsmith.json'), 'utf8'))
      record.files['../outside/x'] = record.files['old-name.txt']
      await fsp.writeFile(path.join(dir, '.opsmith.json'), JSON.stringify(record, null, 2))
    })
    const result = await run(['update'], project)
    expect(result.exitCode).toBe(2)
    expect(oneLine(result.stderr)).toEqual(['opsmith: .opsmith.json: files names "../outside/x", which is not a path inside the project; fix the file and run again.'])
    expect(await fsp.readFile(path.join(outside, 'x'), 'utf8')).toBe('outside, keep me\n')
  }, 120_000)

  it('never writes through a committed README.md symlink, and still updates the rest', async () => {
    const { project, outside } = await updateFixture({ files: { 'templates/README.md.hbs': '# {{projectName}}\n\nIntro.\n\n## Usage\n\nRun it with make.\n' } }, async (dir, out) => {
      await fsp.rm(path.join(dir, 'README.md'))
      await fsp.symlink(path.join(out, 'x'), path.join(dir, 'README.md'))
    })
    const result = await run(['update'], project)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/kept +README\.md +\(a symbolic link: opsmith never writes through it\)/)
    expect(await fsp.readFile(path.join(outside, 'x'), 'utf8')).toBe('outside, keep me\n')
    expect(await fsp.readFile(path.join(project, 'logo.png'))).toEqual(PNG_V2)
  }, 120_000)

  it('never renames onto a gitignored user file', async () => {
    const { project } = await updateFixture({ manifest: { migrations: [{ version: '2.0.0', actions: [{ type: 'rename', from: 'old-name.txt', to: 'secret.env' }] }] } }, async (dir) => {
      await fsp.writeFile(path.join(dir, '.gitignore'), 'secret.env\n')
      await fsp.writeFile(path.join(dir, 'secret.env'), 'TOKEN=mine\n')
    })
    const result = await run(['update'], project)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain('kept old-name.txt (the pack renames it to secret.env, but that name is taken)')
    expect(await fsp.readFile(path.join(project, 'secret.env'), 'utf8')).toBe('TOKEN=mine\n')
  }, 120_000)
})

describe('new --force, add model and conform --fix never write through a symlink', () => {
  it('new --force keeps files under a symlinked folder out, and lists them', async () => {
    const base = await testdir({ 'outside/keep.txt': 'keep\n', 'demo/mine.txt': 'mine\n' })
    await fsp.symlink(path.join(base, 'outside'), path.join(base, 'demo/src'))
    const pack = await testdir(dataPack(ADD_MANY, { 'templates/src/app.py.hbs': 'print(1)\n', 'templates/README.md.hbs': '# x\n' }))
    const result = await run(['new', 'demo', '--yes', '--no-git', '--force', '--template', pack], base)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain('Kept 1 existing file(s) unchanged')
    expect(result.stdout).toContain('  src/app.py')
    expect(await fsp.readdir(path.join(base, 'outside'))).toEqual(['keep.txt'])
    expect(await fsp.readFile(path.join(base, 'demo/README.md'), 'utf8')).toBe('# x\n')
  })

  it('add model refuses a models/ folder that is a symlink', async () => {
    const base = await testdir({ 'outside/keep.txt': 'keep\n' })
    expect((await run(['new', 'proj', '--yes', '--no-git'], base)).exitCode).toBe(0)
    const project = path.join(base, 'proj')
    await fsp.rm(path.join(project, 'models'), { recursive: true })
    await fsp.symlink(path.join(base, 'outside'), path.join(project, 'models'))
    const result = await run(['add', 'model', 'fraud'], project)
    expect(result.exitCode).toBe(2)
    expect(oneLine(result.stderr)).toEqual(['opsmith: Refused to change models/fraud/0.1.0: models is a symbolic link, and opsmith never writes through one.'])
    expect(await fsp.readdir(path.join(base, 'outside'))).toEqual(['keep.txt'])
  }, 60_000)

  it('conform --fix does not write through a committed .gitignore symlink', async () => {
    const base = await testdir({ 'outside/gitignore': 'node_modules/\n' })
    expect((await run(['new', 'proj', '--yes'], base)).exitCode).toBe(0)
    const project = path.join(base, 'proj')
    await fsp.rm(path.join(project, '.gitignore'))
    await fsp.symlink(path.join(base, 'outside/gitignore'), path.join(project, '.gitignore'))
    await commitAll(project, 'link')
    const result = await run(['conform', '--fix'], project)
    expect(await fsp.readFile(path.join(base, 'outside/gitignore'), 'utf8')).toBe('node_modules/\n')
    expect(result.stdout).toContain('Did not fix .gitignore: Refused to change .gitignore: it is a symbolic link, and opsmith never writes through one.')
    expect(result.exitCode).toBe(1)
  }, 60_000)
})

describe('signals: interrupted runs leave nothing behind', () => {
  it.each([
    { signal: 'SIGINT' as const, code: 130 },
    { signal: 'SIGTERM' as const, code: 143 },
    { signal: 'SIGHUP' as const, code: 129 },
  ])('new: $signal exits $code and removes the staging folder and the parent it created', async ({ signal, code }) => {
    const pack = await testdir(SLOW_PACK)
    const cwd = await testdir()
    const child = execa(bin.opsmith, ['new', 'parent/demo', '--yes', '--trust', '--template', pack], { cwd, reject: false, stdin: 'ignore' })
    await waitUntilStaged(path.join(cwd, 'parent'), 400)
    child.kill(signal)
    const result = await child
    expect(result.exitCode).toBe(code)
    expect(await fsp.readdir(cwd)).toEqual([])
  })

  it('update: a signal at any moment leaves the tree exactly before or exactly after, and no temp folder', async () => {
    // 1,500 files that all change in 2.0.0, so the write step takes a while.
    const files = Object.fromEntries(Array.from({ length: 1500 }, (_, index) => [`templates/f/${index}.txt.hbs`, `v1 ${index}\n`]))
    const pack = await testdir(dataPack(ADD_MANY, files))
    await git(pack, 'init', '-q', '-b', 'main')
    await commitAll(pack, 'v1', 'v1.0.0')
    const base = await testdir()
    expect((await run(['new', 'app', '--yes', '--template', pack], base)).exitCode).toBe(0)
    await fsp.writeFile(path.join(pack, 'package.json'), JSON.stringify({ name: 'demo-pack', version: '2.0.0' }))
    for (let index = 0; index < 1500; index++) await fsp.writeFile(path.join(pack, `templates/f/${index}.txt.hbs`), `v2 ${index}\n`)
    await commitAll(pack, 'v2', 'v2.0.0')
    const project = path.join(base, 'app')
    const before = await readTree(project)
    const reference = path.join(base, 'reference')
    await fsp.cp(project, reference, { recursive: true })
    expect((await run(['update'], reference)).exitCode).toBe(0)
    const after = await readTree(reference)
    expect(after).not.toEqual(before)

    const outcomes = new Set<string>()
    for (const [index, delay] of [0, 150, 300, 450, 600, 750, 900, 1200].entries()) {
      const copy = path.join(base, `copy-${index}`)
      await fsp.cp(project, copy, { recursive: true })
      const tmp = await testdir()
      const child = execa(bin.opsmith, ['update'], { cwd: copy, reject: false, stdin: 'ignore', env: { TMPDIR: tmp } })
      await new Promise((resolve) => setTimeout(resolve, delay))
      child.kill(['SIGINT', 'SIGTERM', 'SIGHUP'][index % 3] as NodeJS.Signals)
      await child
      const tree = await readTree(copy)
      const state = JSON.stringify(tree) === JSON.stringify(before) ? 'before' : JSON.stringify(tree) === JSON.stringify(after) ? 'after' : 'half-way'
      outcomes.add(state)
      expect(state, `signal after ${delay} ms`).not.toBe('half-way')
      expect(await fsp.readdir(tmp)).toEqual([])
    }
    expect(outcomes.has('before')).toBe(true)
  }, 300_000)
})

describe('clean failures: exit code and one line, no stack trace', () => {
  it('a read-only parent folder', async () => {
    const base = await testdir()
    await fsp.mkdir(path.join(base, 'ro'), { mode: 0o555 })
    await fsp.chmod(base, 0o755)
    await fsp.chmod(path.join(base, 'ro'), 0o555)
    // root ignores permissions: run as nobody then.
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : []
    const [command, ...args] = [...asUser, bin.opsmith, 'new', 'ro/demo', '--yes', '--no-git']
    const result = await execa(command as string, args, { cwd: base, reject: false, stdin: 'ignore', env: { CI: 'true', HOME: base } })
    expect(result.exitCode).toBe(2)
    expect(oneLine(result.stderr)).toEqual([`opsmith: Cannot write in ${path.join(base, 'ro')}: permission denied.`])
  })

  it('two racing runs for the same folder: one wins, the other exits 2', async () => {
    const cwd = await testdir()
    const results = await Promise.all([run(['new', 'same', '--yes', '--no-git'], cwd), run(['new', 'same', '--yes', '--no-git'], cwd)])
    expect(results.map((result) => result.exitCode).sort()).toEqual([0, 2])
    const loser = results.find((result) => result.exitCode === 2)
    expect(oneLine(loser?.stderr ?? '')).toHaveLength(1)
    expect((await fsp.readdir(cwd)).sort()).toEqual(['same'])
  }, 60_000)

  it.each([
    { name: 'a broken pack package.json', files: { 'package.json': '{ "version": ' }, message: 'package.json is not valid JSON' },
    { name: 'a non-string pack version', files: { 'package.json': '{ "version": 42 }' }, message: '"version" must be a version string such as "1.0.0", got 42.' },
  ])('$name', async ({ files, message }) => {
    const pack = await testdir({ ...dataPack(ADD_MANY, { 'templates/a.txt.hbs': 'a\n' }), ...files })
    const cwd = await testdir()
    const result = await run(['new', 'demo', '--yes', '--no-git', '--template', pack], cwd)
    expect(result.exitCode).toBe(2)
    expect(oneLine(result.stderr)).toHaveLength(1)
    expect(result.stderr).toContain(message)
  })

  it('an --answers value that is an object', async () => {
    const cwd = await testdir({ 'answers.json': JSON.stringify({ description: { nested: true } }) })
    const result = await run(['new', 'demo', '--yes', '--no-git', '--answers', 'answers.json'], cwd)
    expect(result.exitCode).toBe(2)
    expect(oneLine(result.stderr)).toEqual(['opsmith: Answer "description" must be a string, number or boolean, got an object.'])
  })

  it('a newline in an answer never becomes part of a file name; `..\\x` is a file name, not traversal', async () => {
    const pack = await testdir(dataPack('[{ type: add, path: "{{name}}.txt", template: x }]', {}, '[{ type: input, name: projectName, message: Name }, { type: input, name: name, message: File }]'))
    const cwd = await testdir()
    const newline = await run(['new', 'one', '--yes', '--no-git', '--template', pack, '--set', 'name=a\nb'], cwd)
    expect(newline.exitCode).toBe(2)
    expect(oneLine(newline.stderr)).toEqual(['opsmith: name: must be one line without control characters (a newline would end up in file names).'])
    const backslash = await run(['new', 'two', '--yes', '--no-git', '--template', pack, '--set', 'name=..\\x'], cwd)
    expect(backslash.exitCode, backslash.stderr).toBe(0)
    expect(fs.existsSync(path.join(cwd, 'two', '..\\x.txt'))).toBe(true)
    expect((await fsp.readdir(cwd)).sort()).toEqual(['two'])
  })

  it('a pack pattern like (a+)+$ cannot hang new on a long answer (linear-time matching)', async () => {
    const pack = await testdir(dataPack(ADD_MANY, { 'templates/a.txt.hbs': 'a\n' }, '[{ type: input, name: projectName, message: Name, pattern: "^(a+)+$" }]'))
    const cwd = await testdir()
    const started = Date.now()
    const result = await run(['new', 'demo', '--yes', '--no-git', '--template', pack, '--set', `projectName=${'a'.repeat(50_000)}!`], cwd)
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('is not valid: expected to match ^(a+)+$')
    expect(Date.now() - started).toBeLessThan(20_000)
  })
})

describe('conform reads, never runs', () => {
  it.each([
    { name: 'outside git', git: false },
    { name: 'inside git', git: true },
  ])('a FIFO named .gitignore does not hang it ($name)', async ({ git: inGit }) => {
    const cwd = await testdir({ 'README.md': '# x\n' })
    if (inGit) await git(cwd, 'init', '-q')
    await execa('mkfifo', [path.join(cwd, '.gitignore')])
    const result = await run(['conform'], cwd, { OPSMITH_GIT_TIMEOUT_MS: '2000' })
    expect([0, 1]).toContain(result.exitCode)
    expect(result.stderr).not.toContain('internal error')
  }, 60_000)

  // Deeper in the tree, only git meets it: stopped where /proc says it waits on a FIFO (Linux), else at its timeout.
  it.skipIf(!fs.existsSync('/proc/self/wchan'))('a FIFO named .gitignore in a folder is reported, and does not keep it waiting for git', async () => {
    const cwd = await testdir({ 'README.md': '# x\n', 'docs/guide.md': '# guide\n' })
    await git(cwd, 'init', '-q')
    await execa('mkfifo', [path.join(cwd, 'docs', '.gitignore')])
    const started = Date.now()
    const result = await run(['conform', '--format', 'json'], cwd)
    expect(Date.now() - started).toBeLessThan(20_000)
    // 1: the repository has no root .gitignore that ignores .env either.
    expect(result.exitCode).toBe(1)
    const report = JSON.parse(result.stdout) as { findings: Array<{ rule: string; file: string; message: string }> }
    expect(report.findings.filter((finding) => finding.rule === 'file-skipped')).toEqual([
      expect.objectContaining({ file: 'docs/.gitignore', message: expect.stringContaining('a FIFO (named pipe), not a regular file') }),
    ])
  }, 60_000)

  it.each([
    { name: 'a file: spec', spec: 'file:/tmp' },
    { name: 'a git URL', spec: 'git+https://example.invalid/x.git' },
    { name: 'a flag', spec: '--registry=https://example.invalid' },
  ])('does not fetch or install $name named by .opsmith.json', async ({ spec }) => {
    const cache = await testdir()
    const cwd = await testdir({ '.opsmith.json': JSON.stringify({ template: { id: 'x', version: '1.0.0', source: { type: 'npm', spec } }, opsmith: '0.1.0', answers: {}, files: {} }) })
    const result = await run(['conform', '--format', 'json'], cwd, { OPSMITH_CACHE_DIR: cache })
    expect(result.stderr).not.toContain('internal error')
    expect(await fsp.readdir(cache)).toEqual([])
    expect(result.stdout).toContain('is not a registry package name with an exact version, so it was not fetched')
  }, 60_000)
})

describe('the generated root has the mode a plain mkdir would give', () => {
  it.each([
    { umask: '022', mode: 0o755 },
    { umask: '027', mode: 0o750 },
  ])('umask $umask', async ({ umask, mode }) => {
    const cwd = await testdir()
    await execa('sh', ['-c', `umask ${umask} && "$0" new proj --yes --no-git`, bin.opsmith], { cwd, env: { CI: 'true' } })
    expect((await fsp.stat(path.join(cwd, 'proj'))).mode & 0o777).toBe(mode)
  })
})
