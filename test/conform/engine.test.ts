import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runConform } from '../../src/conform/engine.js'
import { defineRule } from '../../src/conform/rule.js'
import { ToolError } from '../../src/errors.js'
import { testdir } from './helpers.js'

const crashing = defineRule({ id: 'crashing', description: 'x', severity: 'error', refs: [], check: () => { throw new Error('boom') } })
const everyFile = defineRule({
  id: 'every-file',
  description: 'reads every file',
  severity: 'warning',
  refs: [],
  async check({ repo }) {
    for (const file of repo.files()) await repo.read(file)
    return repo.files().map((file) => ({ file, line: 1, message: `saw ${file}` }))
  },
})

describe('runConform', () => {
  it('isolates a crashing rule as one rule-error finding while the others run', async () => {
    const dir = await testdir({ 'b.txt': 'b', 'a.txt': 'a' })
    const result = await runConform({ dir, ruleSet: [crashing, everyFile] })
    expect(result.findings.map((finding) => [finding.rule, finding.file])).toEqual([
      ['rule-error', undefined],
      ['every-file', 'a.txt'],
      ['every-file', 'b.txt'],
    ])
    expect(result.findings[0]?.message).toContain('Rule crashing crashed: boom')
    expect(result.summary).toMatchObject({ errors: 1, warnings: 2, rules: 2, files: 2 })
  })

  it('rejects a missing directory and unknown rules as usage errors', async () => {
    await expect(runConform({ dir: '/nonexistent/opsmith' })).rejects.toMatchObject({ code: 'usage' })
    await expect(runConform({ dir: await testdir({}), rules: ['no-such-rule'] })).rejects.toThrow(/Unknown rule "no-such-rule"/)
  })

  it('handles a symlink loop, a symlink out of the repo, binary, huge and unreadable files without crashing', async () => {
    const dir = await testdir({ 'ok.txt': 'fine', 'blob.bin': '\0\0\0binary', 'huge.txt': 'x'.repeat(3000), 'locked.txt': 'secret' })
    await symlink('loop-b', path.join(dir, 'loop-a'))
    await symlink('loop-a', path.join(dir, 'loop-b'))
    await symlink('/etc/hostname', path.join(dir, 'outside'))
    await mkdir(path.join(dir, 'sub'))
    await symlink('..', path.join(dir, 'sub', 'parent'))
    await chmod(path.join(dir, 'locked.txt'), 0o000)
    const result = await runConform({ dir, ruleSet: [everyFile], maxFileBytes: 1000 })
    const skipped = Object.fromEntries(result.findings.filter((finding) => finding.rule === 'file-skipped').map((finding) => [finding.file, finding.message]))
    expect(skipped['loop-a']).toContain('symlink loop')
    expect(skipped.outside).toContain('outside the repository')
    expect(skipped['huge.txt']).toContain('larger than 1000 bytes')
    // root reads anything; elsewhere the unreadable file is reported.
    if (process.getuid?.() !== 0) expect(skipped['locked.txt']).toContain('unreadable')
    expect(skipped['blob.bin']).toBeUndefined()
  })

  it('applies waivers, reports expired ones, and fails on malformed policy with the key path', async () => {
    const manifest = {
      conform: {
        rules: { 'every-file': 'error' },
        waivers: [
          { rule: 'every-file', path: 'vendor/**', reason: 'third-party code', owner: 'platform', expires: '2099-01-01' },
          { rule: 'every-file', path: 'old/**', reason: 'legacy', owner: 'platform', expires: '2020-01-01' },
        ],
      },
    }
    const dir = await testdir({ '.opsmith.json': JSON.stringify(manifest, null, 2), 'vendor/x.js': '', 'old/y.js': '' })
    const result = await runConform({ dir, ruleSet: [everyFile], today: '2026-11-23' })
    expect(result.waived.map((finding) => finding.file)).toEqual(['vendor/x.js'])
    expect(result.findings.map((finding) => [finding.rule, finding.file, finding.severity])).toEqual([
      ['every-file', '.opsmith.json', 'error'],
      ['waiver-expired', '.opsmith.json', 'error'],
      ['every-file', 'old/y.js', 'error'],
    ])
    // At the expired date: the `expires` key of the second waiver.
    expect(result.findings[1]).toMatchObject({ line: 19, column: 9 })

    await writeFile(path.join(dir, '.opsmith.json'), JSON.stringify({ conform: { rules: { 'every-file': 'loud' } } }))
    const error = await runConform({ dir, ruleSet: [everyFile] }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ToolError)
    expect((error as ToolError).code).toBe('config')
    expect((error as ToolError).message).toContain('conform.rules.every-file: expected "off" | "warning" | "error"')
  })

  it('plans fixes with dryRun and changes nothing; applies them without', async () => {
    const dir = await testdir({ Dockerfile: 'FROM a:1\n' })
    const planned = await runConform({ dir, rules: ['dockerignore-entries', 'secrets-env-ignored'], fix: true, dryRun: true })
    expect(planned.fixes.map((fix) => fix.file)).toEqual(['.dockerignore', '.gitignore'])
    expect(planned.summary.fixed).toBe(0)
    await expect(readFile(path.join(dir, '.dockerignore'), 'utf8')).rejects.toThrow(/ENOENT/)

    const fixed = await runConform({ dir, rules: ['dockerignore-entries', 'secrets-env-ignored'], fix: true })
    expect(fixed.summary).toMatchObject({ fixed: 2, errors: 0 })
    expect(await readFile(path.join(dir, '.dockerignore'), 'utf8')).toBe('.git\n.env\n.env.*\n')
  })

  it('writes the lines a fix adds with the line breaks of the file it changes', async () => {
    const workflow = 'on: push\r\njobs:\r\n  a:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - uses: actions/checkout@v4\r\n'
    const dir = await testdir({ '.gitignore': 'node_modules\r\ndist\r\n', '.dockerignore': '.git\nnode_modules\r\n', '.github/workflows/ci.yml': workflow, Dockerfile: 'FROM a:1\n' })
    const fixed = await runConform({ dir, rules: ['secrets-env-ignored', 'dockerignore-entries', 'workflow-checkout-no-persist-credentials'], fix: true })
    expect(fixed.fixes.map((fix) => fix.file).sort()).toEqual(['.dockerignore', '.github/workflows/ci.yml', '.gitignore'])
    const read = (file: string) => readFile(path.join(dir, file), 'utf8')
    for (const file of ['.gitignore', '.github/workflows/ci.yml']) {
      const text = await read(file)
      expect(text, file).toMatch(/\r\n.*\r\n/s)
      expect(text.replace(/\r\n/g, ''), file).not.toContain('\n')
    }
    expect(await read('.gitignore')).toMatch(/^node_modules\r\ndist\r\n.*\.env\r\n/s)
    // A file of mixed line breaks keeps its own; the added lines end as the rule wrote them.
    expect(await read('.dockerignore')).toBe('.git\nnode_modules\r\n.env\n.env.*\n')
  })

  it('takes rule levels from OPSMITH_CONFORM_RULES, overridden by .opsmith.json', async () => {
    const dir = await testdir({ 'a.txt': '' })
    const off = await runConform({ dir, ruleSet: [everyFile], env: { OPSMITH_CONFORM_RULES: 'every-file=off' } })
    expect(off.summary.rules).toBe(0)
    await writeFile(path.join(dir, '.opsmith.json'), '{ "conform": { "rules": { "every-file": ["error", {}] } } }')
    const on = await runConform({ dir, ruleSet: [everyFile], env: { OPSMITH_CONFORM_RULES: 'every-file=off' } })
    expect(on.summary).toMatchObject({ rules: 1, errors: 2 })
    await expect(runConform({ dir, ruleSet: [everyFile], env: { OPSMITH_CONFORM_RULES: 'nope=off' } })).rejects.toThrow(/OPSMITH_CONFORM_RULES.nope: unknown rule/)
  })
})
