import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { beforeAll, describe, expect, it } from 'vitest'
import { readTree, testdir } from '../helpers/testdir.js'

// The package as users get it: `npm pack`, installed into a temporary prefix, both bins run from there.
let bin: { opsmith: string; create: string }
let installed: string
let version: string

beforeAll(async () => {
  const root = path.resolve(import.meta.dirname, '../..')
  version = (JSON.parse(await fsp.readFile(path.join(root, 'package.json'), 'utf8')) as { version: string }).version
  const work = await testdir()
  const pack = await execa('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root })
  const tarball = path.join(work, pack.stdout.trim().split('\n').at(-1) as string)
  const prefix = path.join(work, 'prefix')
  await execa('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball])
  installed = path.join(prefix, 'lib', 'node_modules', 'create-opsmith')
  bin = { opsmith: path.join(prefix, 'bin', 'opsmith'), create: path.join(prefix, 'bin', 'create-opsmith') }
}, 300_000)

function run(command: string, args: string[], cwd?: string) {
  return execa(command, args, { cwd, reject: false, stdin: 'ignore', env: { CI: 'true' } })
}

describe('the packed package', () => {
  it('ships dist, generators, templates and images, and nothing from src or test', async () => {
    const root = path.resolve(import.meta.dirname, '../..')
    const { stdout } = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root })
    const files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((file) => file.path)
    expect(files).toContain('dist/bin/opsmith.js')
    expect(files).toContain('dist/bin/create-opsmith.js')
    expect(files).toContain('generators/python-ml/plopfile.js')
    expect(files.some((file) => file.startsWith('templates/python-ml/project/'))).toBe(true)
    expect(files.some((file) => file.startsWith('images/'))).toBe(true)
    expect(files.filter((file) => /^(src|test)\//.test(file))).toEqual([])
  })

  it('installs as one bundle: no dependencies, nothing installed beside it, no native code', async () => {
    const manifest = JSON.parse(await fsp.readFile(path.join(installed, 'package.json'), 'utf8')) as Record<string, unknown>
    expect(manifest.dependencies).toBeUndefined()
    expect(manifest.optionalDependencies).toBeUndefined()
    expect(await fsp.readdir(path.join(installed, 'node_modules')).catch(() => [])).toEqual([])
    const files = await fsp.readdir(installed, { recursive: true })
    expect(files.filter((file) => file.endsWith('.node') || file.endsWith('binding.gyp'))).toEqual([])
    // dockerode lives in a chunk of its own that only `opsmith image` loads.
    const chunks = await fsp.readdir(path.join(installed, 'dist/chunks'))
    const withDockerode = []
    for (const chunk of chunks) if ((await fsp.readFile(path.join(installed, 'dist/chunks', chunk), 'utf8')).includes('docker-modem')) withDockerode.push(chunk)
    expect(withDockerode).toHaveLength(1)
  })

  it('prints its version and help from both bins', async () => {
    expect((await run(bin.opsmith, ['--version'])).stdout).toBe(version)
    expect((await run(bin.create, ['--version'])).stdout).toBe(version)
    const help = await run(bin.opsmith, ['--help'])
    expect(help.exitCode).toBe(0)
    for (const command of ['new', 'add', 'conform', 'image']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
    const newHelp = await run(bin.opsmith, ['new', '--help'])
    for (const flag of ['--template', '--yes', '--set', '--answers', '--base-image', '--dev-image', '--force', '--no-git', '--schema']) {
      expect(newHelp.stdout).toContain(flag)
    }
    expect((await run(bin.create, ['--help'])).stdout).toBe(newHelp.stdout.replace('opsmith new', 'opsmith new'))
  })

  it('generates a project with create-opsmith --yes, identical to opsmith new', async () => {
    const cwd = await testdir()
    const created = await run(bin.create, ['my-model', '--yes', '--no-git'], cwd)
    expect(created.stderr).not.toContain('opsmith:')
    expect(created.exitCode).toBe(0)
    expect(created.stdout).toContain(`Created my-model from python-ml ${version}`)
    // The next steps come from the pack: environment, install, test.
    const next = created.stdout.slice(created.stdout.indexOf('Next:')).split('\n').map((line) => line.trim().split(/\s+#/)[0])
    expect(next.slice(1, 5)).toEqual(['cd my-model', 'python3 -m venv .venv && . .venv/bin/activate', 'make install', 'make test'])
    const viaNew = await run(bin.opsmith, ['new', 'other/my-model', '--yes', '--no-git'], cwd)
    expect(viaNew.exitCode).toBe(0)
    expect(await readTree(path.join(cwd, 'my-model'))).toEqual(await readTree(path.join(cwd, 'other/my-model')))
  })

  it('prints the questions as JSON Schema', async () => {
    const result = await run(bin.opsmith, ['new', '--template', 'python-ml', '--schema'])
    expect(result.exitCode).toBe(0)
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown>; required: string[] }
    expect(Object.keys(schema.properties)).toEqual(['projectName', 'description', 'owner', 'modelName', 'license', 'serving', 'debianImage', 'baseImage', 'devImage', 'codeScanning', 'ci'])
    expect(schema.required).toEqual(['projectName'])
  })

  it.each([
    { name: 'no TTY and no --yes', args: ['demo'], message: 'Missing answers: description, owner, modelName, license, serving, debianImage, baseImage, devImage, codeScanning, ci.' },
    { name: 'an invalid project name', args: ['My_Model', '--yes'], message: 'projectName: "My_Model" is not valid' },
    { name: 'an unknown template', args: ['demo', '--yes', '--template', 'No-Such'], message: 'Unknown template "No-Such".' },
    { name: 'a missing template folder', args: ['demo', '--yes', '--template', './no-such-pack'], message: 'no-such-pack does not exist.' },
    { name: 'an unknown flag', args: ['demo', '--yes', '--colour'], message: 'Unknown option --colour.' },
    { name: 'an unknown answer', args: ['demo', '--yes', '--set', 'colour=red'], message: 'Unknown answer "colour"' },
    { name: 'a base image without digest', args: ['demo', '--yes', '--base-image', 'python:3.12'], message: 'baseImage: "python:3.12" is not valid' },
  ])('fails at once with exit 2 and one line for $name, leaving nothing', async ({ args, message }) => {
    const cwd = await testdir()
    const result = await run(bin.create, args, cwd)
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(await fsp.readdir(cwd)).toEqual([])
  })

  it('refuses a non-empty folder (exit 2), and with --force keeps every existing file', async () => {
    const cwd = await testdir({ 'demo/README.md': 'mine\n', 'demo/Makefile': 'all:\n' })
    const refused = await run(bin.opsmith, ['new', 'demo', '--yes'], cwd)
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('is not empty')
    const forced = await run(bin.opsmith, ['new', 'demo', '--yes', '--force'], cwd)
    expect(forced.exitCode).toBe(0)
    expect(forced.stdout).toContain('Kept 2 existing file(s) unchanged')
    const tree = await readTree(path.join(cwd, 'demo'))
    expect(tree['README.md']).toBe('mine\n')
    expect(tree['Makefile']).toBe('all:\n')
    expect(Object.keys(tree)).toContain('pyproject.toml')
  })

  it('runs every command from the installed package (nothing installed beside the bundle)', async () => {
    const cwd = await testdir()
    const pinned = `registry.example/opsmith/python:3.11@sha256:${'1'.repeat(64)}`
    expect((await run(bin.opsmith, ['new', 'proj', '--yes', '--base-image', pinned, '--dev-image', pinned], cwd)).exitCode).toBe(0)
    const project = path.join(cwd, 'proj')
    const conform = await run(bin.opsmith, ['conform', '--format', 'sarif'], project)
    expect(conform.exitCode, conform.stderr).toBe(0)
    expect(JSON.parse(conform.stdout).version).toBe('2.1.0')
    expect((await run(bin.opsmith, ['diff'], project)).exitCode).toBe(0)
    expect((await run(bin.opsmith, ['update', '--dry-run'], project)).stdout).toContain(`Would update from ${version} to ${version}.`)
    expect((await run(bin.opsmith, ['template', 'init', 'pack', '--yes', '--no-git'], cwd)).exitCode).toBe(0)
    expect((await run(bin.opsmith, ['template', 'test', 'pack'], cwd)).exitCode).toBe(0)
    // A pack that declares no next steps (this skeleton has no Makefile) is not told to run make.
    const fromPack = await run(bin.opsmith, ['new', 'from-pack', '--template', './pack', '--yes', '--no-git'], cwd)
    expect(fromPack.exitCode, fromPack.stderr).toBe(0)
    expect(fromPack.stdout).toMatch(/Next:\n  cd from-pack$/)
    for (const sub of ['bootstrap', 'build', 'verify', 'push']) expect((await run(bin.opsmith, ['image', sub, '--help'])).exitCode).toBe(0)
  }, 120_000)

  it('adds the next model version with opsmith add model', async () => {
    const cwd = await testdir()
    expect((await run(bin.opsmith, ['new', 'proj', '--yes', '--no-git'], cwd)).exitCode).toBe(0)
    const project = path.join(cwd, 'proj')
    const first = await run(bin.opsmith, ['add', 'model', 'churn'], project)
    expect(first.exitCode).toBe(0)
    expect(first.stdout).toContain('Created models/churn/0.1.0')
    const second = await run(bin.opsmith, ['add', 'model', 'churn', '--bump', 'major'], project)
    expect(second.stdout).toContain('Created models/churn/1.0.0 (after 0.1.0)')
    const card = await fsp.readFile(path.join(project, 'models/churn/1.0.0/model.json'), 'utf8')
    expect(JSON.parse(card)).toMatchObject({ name: 'churn', version: '1.0.0' })
    expect(await fsp.readFile(path.join(project, 'models/registry.yaml'), 'utf8')).toContain('churn:')
    const bad = await run(bin.opsmith, ['add', 'model', '../escape'], project)
    expect(bad.exitCode).toBe(2)
  })
})
