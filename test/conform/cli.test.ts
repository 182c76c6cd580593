import { readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { testdir } from './helpers.js'

// The built bin, as users run it (`npm test` builds first).
const BIN = fileURLToPath(new URL('../../dist/bin/opsmith.js', import.meta.url))
const opsmith = (args: string[], cwd?: string) => execa('node', [BIN, ...args], { reject: false, cwd })
const DIGEST = `sha256:${'c'.repeat(64)}`

describe('opsmith conform (built CLI)', () => {
  it('exits 0 when only warnings remain, 1 on errors, and prints the text report', async () => {
    const dir = await testdir({ Dockerfile: `FROM python:3.12@${DIGEST}\nUSER 65532\n` })
    const ok = await opsmith(['conform', dir, '--rule', 'dockerfile-non-root-user', '--rule', 'manifest-present'])
    expect(ok.exitCode).toBe(0)
    expect(ok.stdout).toContain('1 problem (0 errors, 1 warning, 0 waived; 2 rules on 1 file).')

    await writeFile(path.join(dir, 'Dockerfile'), 'FROM python:3.12\n')
    const bad = await opsmith(['conform', '--rule', 'dockerfile-non-root-user'], dir)
    expect(bad.exitCode).toBe(1)
    expect(bad.stdout).toMatch(/^Dockerfile\n {2}1:1 {2}error {4}The final stage has no USER/m)
  })

  it('writes json and sarif to --output', async () => {
    const dir = await testdir({ Dockerfile: 'FROM a:1\n' })
    const json = await opsmith(['conform', dir, '--format', 'json', '--output', 'report.json', '--rule', 'dockerfile-non-root-user'], dir)
    expect(json.exitCode).toBe(1)
    expect(json.stdout).toBe('')
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as { findings: Array<{ rule: string; file: string; line: number }> }
    expect(report.findings).toMatchObject([{ rule: 'dockerfile-non-root-user', file: 'Dockerfile', line: 1 }])
    const sarif = await opsmith(['conform', dir, '--format', 'sarif', '--rule', 'dockerfile-non-root-user'])
    expect(JSON.parse(sarif.stdout)).toMatchObject({ version: '2.1.0' })
  })

  it('--fix --dry-run prints the plan and changes nothing; --fix applies it', async () => {
    const dir = await testdir({ Dockerfile: 'FROM a:1\n' })
    const plan = await opsmith(['conform', dir, '--fix', '--dry-run', '--rule', 'dockerignore-entries'])
    expect(plan.stdout).toContain('Fixes that --fix would apply (nothing changed):\n  write .dockerignore: Add .git, .env, .env.* to .dockerignore')
    await expect(readFile(path.join(dir, '.dockerignore'), 'utf8')).rejects.toThrow(/ENOENT/)
    const fixed = await opsmith(['conform', dir, '--fix', '--rule', 'dockerignore-entries'])
    expect(fixed.exitCode).toBe(0)
    expect(await readFile(path.join(dir, '.dockerignore'), 'utf8')).toBe('.git\n.env\n.env.*\n')
  })

  it.each([
    ['a missing directory', ['conform', '/nonexistent/opsmith-repo'], /Directory not found/],
    ['an unknown format', ['conform', '.', '--format', 'xml'], /--format must be text, json or sarif, got "xml"/],
    ['an unknown rule', ['conform', '.', '--rule', 'no-such-rule'], /Unknown rule "no-such-rule"/],
    ['an unknown flag', ['conform', '--frobnicate'], /Unknown option '--frobnicate'/],
    ['--dry-run without --fix', ['conform', '--dry-run'], /--dry-run only applies with --fix/],
  ])('exits 2 with one line for %s', async (_name, args, message) => {
    const result = await opsmith(args, await testdir({}))
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('exits 2 naming the bad key of a malformed policy, never a stack trace', async () => {
    const dir = await testdir({ '.opsmith.json': '{ "conform": { "rules": { "dockerfile-non-root-user": "fatal" } } }' })
    const result = await opsmith(['conform', dir])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toBe('opsmith: Invalid configuration: conform.rules.dockerfile-non-root-user: expected "off" | "warning" | "error" or ["error", { options }]')
    const broken = await opsmith(['conform', await testdir({ '.opsmith.json': '{ "conform": ' })])
    expect(broken.exitCode).toBe(2)
    expect(broken.stderr).toMatch(/^opsmith: Invalid configuration: \.opsmith\.json: invalid JSON at line 1/)
  })

  it('survives a symlink loop, binary and huge files inside a git repository', async () => {
    const token = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_')
    const dir = await testdir({ 'blob.bin': '\0'.repeat(10), 'huge.log': `${'y'.repeat(3 * 1024 * 1024)}\ntoken=${token}\n`, 'a.py': 'print(1)\n' }, { git: true })
    await symlink('self', path.join(dir, 'self'))
    const result = await opsmith(['conform', dir, '--format', 'json'])
    expect([0, 1]).toContain(result.exitCode)
    const report = JSON.parse(result.stdout) as { findings: Array<{ rule: string; file: string; line: number; message: string }> }
    const skipped = report.findings.filter((finding) => finding.rule === 'file-skipped').map((finding) => finding.file)
    expect(skipped).toEqual(['self'])
    // Text over the 2 MB read limit is scanned for secrets in chunks, not skipped.
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'secrets-no-credentials', file: 'huge.log', line: 2 }))
  })
})
