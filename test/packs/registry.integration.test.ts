import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCommandLine } from '../../src/commands/command.js'
import { createNewCommand } from '../../src/commands/new.js'
import { startRegistry, type LocalRegistry } from '../helpers/verdaccio.js'
import { testdir } from '../helpers/testdir.js'

// The whole publishing flow against a real private registry on loopback: opsmith itself through
// `npm create`, and a working group's template pack through v1 -> project -> v2 -> conform -> update.
const ROOT = path.resolve(import.meta.dirname, '../..')
const PACK = 'opsmith-test-pack-service'
let registry: LocalRegistry
let env: Record<string, string>
let opsmith: string

beforeAll(async () => {
  registry = await startRegistry(['create-opsmith', PACK])
  const cache = await testdir()
  env = { ...registry.env, OPSMITH_CACHE_DIR: cache, CI: 'true' }
  opsmith = path.join(ROOT, 'dist/bin/opsmith.js')
  await execa('npm', ['publish', '--ignore-scripts', '--tag', 'latest'], { cwd: ROOT, env })
}, 300_000)

afterAll(async () => {
  await registry?.stop()
})

function run(args: string[], cwd: string) {
  return execa('node', [opsmith, ...args], { cwd, env, reject: false, stdin: 'ignore' })
}

describe('a private npm registry', () => {
  it('runs `npm create opsmith@latest my-model -- --yes`', async () => {
    const cwd = await testdir()
    const result = await execa('npm', ['create', 'opsmith@latest', 'my-model', '--', '--yes', '--no-git'], { cwd, env, reject: false })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain('Created my-model from python-ml')
    expect(await fsp.readdir(path.join(cwd, 'my-model'))).toContain('.opsmith.json')
  }, 300_000)

  it('publishes a pack, generates from it, and updates the project to the next version', async () => {
    const work = await testdir()
    const packDir = path.join(work, 'pack')
    expect((await run(['template', 'init', packDir, '--yes', '--no-git', '--set', `projectName=${PACK}`], work)).exitCode).toBe(0)
    await execa('npm', ['publish'], { cwd: packDir, env })

    // A team generates a project from the published pack (npm spec) and commits it.
    const generated = await run(['new', 'svc', '--template', PACK, '--yes'], work)
    expect(generated.exitCode, generated.stderr).toBe(0)
    const project = path.join(work, 'svc')
    const manifest = JSON.parse(await fsp.readFile(path.join(project, '.opsmith.json'), 'utf8'))
    expect(manifest.template).toEqual({ id: PACK, version: '0.1.0', source: { type: 'npm', spec: PACK } })

    // The working group improves the README template and publishes 0.2.0.
    const readme = path.join(packDir, 'templates/project/README.md.hbs')
    await fsp.writeFile(readme, `${await fsp.readFile(readme, 'utf8')}\nSee CONTRIBUTING for the review rules.\n`)
    await execa('npm', ['version', 'minor', '--no-git-tag-version'], { cwd: packDir, env })
    await execa('npm', ['publish'], { cwd: packDir, env })

    // conform tells the team they are behind, as a warning naming both versions.
    const conform = await run(['conform', '--format', 'json'], project)
    const findings = JSON.parse(conform.stdout).findings as { rule: string; severity: string; message: string }[]
    const behind = findings.find((finding) => finding.rule === 'manifest-template-version')
    expect(behind?.severity).toBe('warning')
    expect(behind?.message).toMatch(/0\.1\.0.*0\.2\.0/)

    // update brings the project to 0.2.0.
    const updated = await run(['update'], project)
    expect(updated.exitCode, updated.stdout + updated.stderr).toBe(0)
    expect(updated.stdout).toContain('Updated from 0.1.0 to 0.2.0.')
    expect(await fsp.readFile(path.join(project, 'README.md'), 'utf8')).toContain('See CONTRIBUTING for the review rules.')
    expect(JSON.parse(await fsp.readFile(path.join(project, '.opsmith.json'), 'utf8')).template.version).toBe('0.2.0')
  }, 300_000)
})

describe('new with an npm pack named without a version', () => {
  it('installs the pack once, also when it asks for the project name first', async () => {
    const work = await testdir()
    const packDir = path.join(work, 'pack')
    const name = `${PACK}-once`
    expect((await run(['template', 'init', packDir, '--yes', '--no-git', '--set', `projectName=${name}`], work)).exitCode).toBe(0)
    await execa('npm', ['publish'], { cwd: packDir, env })
    // Every npm the CLI runs goes through this shim, which logs its arguments and runs the real npm.
    const shims = await testdir()
    const log = path.join(shims, 'npm.log')
    const npm = (await execa('sh', ['-c', 'command -v npm'])).stdout.trim()
    await fsp.writeFile(path.join(shims, 'npm'), `#!/bin/sh\necho "$*" >> "${log}"\nexec "${npm}" "$@"\n`, { mode: 0o755 })
    const saved = { ...process.env }
    Object.assign(process.env, env, { PATH: `${shims}:${process.env.PATH}`, OPSMITH_CACHE_DIR: await testdir() })
    try {
      const asked: string[] = []
      // The terminal, as the command sees it: it can ask, and the answer to the name question is "asked-name".
      const command = createNewCommand({
        canAsk: () => true,
        ask: async (questions, known) => {
          asked.push(...questions.map((question) => question.name))
          return { ...known, ...Object.fromEntries(questions.map((question) => [question.name, question.name === 'projectName' ? 'asked-name' : (question.default as string)])) }
        },
      })
      const parsed = parseCommandLine('opsmith new', command, ['--template', name, '--no-git'])
      const output: string[] = []
      const stream = { write: (text: string) => output.push(text) } as unknown as NodeJS.WritableStream
      expect(await command.run?.({ ...parsed, stdout: stream, stderr: stream, cwd: work })).toBe(0)
      expect(asked[0]).toBe('projectName')
      expect(await fsp.readdir(path.join(work, 'asked-name'))).toContain('.opsmith.json')
      const installs = (await fsp.readFile(log, 'utf8')).split('\n').filter((line) => line.startsWith('install '))
      expect(installs).toHaveLength(1)
      // The install showed progress (timestamped lines: not a terminal).
      expect(output.join('')).toMatch(new RegExp(`\\[\\d\\d:\\d\\d:\\d\\d\\] Installing template pack ${name} from npm: done in`))
    } finally {
      process.env = saved
    }
  }, 300_000)
})
