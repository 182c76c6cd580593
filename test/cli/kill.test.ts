import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { beforeAll, describe, expect, it } from 'vitest'
import { readTree, testdir } from '../helpers/testdir.js'

// SIGKILL cannot be caught: an update killed half-way is undone by the next opsmith command from its journal.
const BIN = path.resolve(import.meta.dirname, '../../dist/bin/opsmith.js')
const FILES = 1500

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa('node', [BIN, ...args], { cwd, reject: false, stdin: 'ignore', env: { CI: 'true', ...env } })
}

async function git(cwd: string, ...args: string[]) {
  return execa('git', args, { cwd })
}

let base: string
let project: string
let before: Record<string, string>
let after: Record<string, string>

beforeAll(async () => {
  // A pack of data whose 1,500 files all change in 2.0.0, and a committed project at 1.0.0.
  const templates = Object.fromEntries(Array.from({ length: FILES }, (_, index) => [`templates/f/${index}.txt.hbs`, `v1 ${index}\n`]))
  const pack = await testdir({
    'package.json': JSON.stringify({ name: 'big-pack', version: '1.0.0' }),
    'opsmith-pack.json': JSON.stringify({ id: 'big', description: 'many files' }),
    'generators.yaml': 'generators:\n  project:\n    prompts: [{ type: input, name: projectName, message: Name }]\n    actions: [{ type: addMany, destination: ., base: templates, templateFiles: "templates/**" }]\n',
    ...templates,
  })
  await git(pack, 'init', '-q', '-b', 'main')
  await git(pack, 'add', '-A')
  await git(pack, 'commit', '-qm', 'v1')
  await git(pack, 'tag', 'v1.0.0')
  base = await testdir()
  expect((await run(['new', 'app', '--yes', '--template', pack], base)).exitCode).toBe(0)
  project = path.join(base, 'app')
  await fsp.writeFile(path.join(pack, 'package.json'), JSON.stringify({ name: 'big-pack', version: '2.0.0' }))
  for (let index = 0; index < FILES; index++) await fsp.writeFile(path.join(pack, `templates/f/${index}.txt.hbs`), `v2 ${index}\n`)
  await git(pack, 'commit', '-qam', 'v2')
  await git(pack, 'tag', 'v2.0.0')
  before = await readTree(project)
  const reference = path.join(base, 'reference')
  await fsp.cp(project, reference, { recursive: true })
  expect((await run(['update'], reference)).exitCode).toBe(0)
  after = await readTree(reference)
}, 300_000)

/** Starts `update` in a copy of the project and SIGKILLs it once it has applied `operations` changes. */
async function killMidApply(name: string, operations: number): Promise<string> {
  const copy = path.join(base, name)
  await fsp.cp(project, copy, { recursive: true })
  const child = execa('node', [BIN, 'update'], { cwd: copy, reject: false, stdin: 'ignore', env: { CI: 'true', OPSMITH_TEST_PAUSE_AFTER_OPERATIONS: String(operations) } })
  await new Promise<void>((resolve, reject) => {
    let seen = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      if (seen.includes(`test pause after ${operations} operations`)) resolve()
    })
    void child.then((result) => reject(new Error(`update ended before the pause: ${result.stderr}`)))
  })
  child.kill('SIGKILL')
  const result = await child
  expect(result.signal).toBe('SIGKILL')
  return copy
}

describe('update killed with SIGKILL half-way through applying', () => {
  it.each([
    { next: 'check', operations: 700, code: 1 },
    { next: 'diff', operations: 1, code: 0 },
    { next: 'update', operations: 1499, code: 0 },
  ])('$next (after $operations changes) restores the tree exactly as before, then proceeds', async ({ next, operations, code }) => {
    const copy = await killMidApply(`copy-${next}`, operations)
    // Really half-way: some files are new, some old, and the journal is there.
    const killed = await readTree(copy)
    const changed = Object.keys(before).filter((file) => killed[file] !== before[file])
    expect(changed.length).toBeGreaterThanOrEqual(operations)
    expect(changed.length).toBeLessThan(FILES)
    expect(Object.keys(killed).some((file) => file.startsWith('.opsmith-journal/'))).toBe(true)

    const result = await run([next], copy)
    expect(result.stderr).toContain('an earlier update of this project was interrupted; restored')
    expect(result.exitCode, result.stderr).toBe(code)
    if (next === 'update') {
      expect(await readTree(copy)).toEqual(after)
      return
    }
    expect(await readTree(copy)).toEqual(before)
    expect((await git(copy, 'status', '--porcelain', '--ignored')).stdout).toBe('')
    // And a new update then goes all the way.
    expect((await run(['update'], copy)).exitCode).toBe(0)
    expect(await readTree(copy)).toEqual(after)
  }, 120_000)
})

// CI sees a killed update that was committed or left behind: conform names it, writes nothing, and `check` clears it.
describe('conform in a project whose update was killed', () => {
  it('reports template-update-complete, refuses --fix, and is clean once check restored the project', async () => {
    const copy = await killMidApply('copy-conform', 300)
    const killed = await readTree(copy)

    const report = await run(['conform', '--format', 'json'], copy)
    expect(report.exitCode, report.stderr).toBe(1)
    const findings = (JSON.parse(report.stdout) as { findings: Array<{ rule: string; file?: string; line?: number }> }).findings
    expect(findings.filter((finding) => finding.rule === 'template-update-complete')).toEqual([expect.objectContaining({ file: '.opsmith-journal/journal.json' })])

    const fix = await run(['conform', '--fix'], copy)
    expect(fix.exitCode).toBe(2)
    expect(fix.stderr.trim().split('\n')).toHaveLength(1)
    expect(fix.stderr).toContain('run `opsmith check` to restore the project first; nothing was written')
    expect(await readTree(copy)).toEqual(killed)

    expect((await run(['check'], copy)).stderr).toContain('an earlier update of this project was interrupted; restored')
    expect(await readTree(copy)).toEqual(before)
    const clean = await run(['conform', '--format', 'json'], copy)
    expect((JSON.parse(clean.stdout) as { findings: Array<{ rule: string }> }).findings.map((finding) => finding.rule)).not.toContain('template-update-complete')
  }, 120_000)
})
