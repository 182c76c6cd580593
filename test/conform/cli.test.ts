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
    ['an unknown format', ['conform', '.', '--format', 'xml'], /--format must be text, json, sarif, github, markdown or gitlab, got "xml"/],
    ['an unknown rule', ['conform', '.', '--rule', 'no-such-rule'], /Unknown rule "no-such-rule"/],
    ['an unknown flag', ['conform', '--frobnicate'], /^opsmith: Unknown option --frobnicate\. Run `opsmith conform --help` for the flags\.$/m],
    ['a mistyped flag', ['conform', '--fromat', 'json'], /^opsmith: Unknown option --fromat\. Did you mean "--format"\?/m],
    ['a flag without its value', ['conform', '--max-warnings'], /^opsmith: Option --max-warnings needs a value\./m],
    ['a bad --fail-on', ['conform', '--fail-on', 'info'], /--fail-on must be error or warning/],
    ['an unknown profile', ['conform', '--profile', 'web'], /--profile: unknown profile "web"/],
    ['a mistyped command', ['confrom'], /^opsmith: Unknown command "confrom"\. Did you mean "conform"\?/m],
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

  it('-f, --quiet, --max-warnings and --fail-on decide what is printed and when CI fails', async () => {
    const dir = await testdir({ Dockerfile: `FROM python:3.12@${DIGEST}\nUSER 65532\nRUN curl -s https://x | tar xz\n` })
    const args = ['conform', dir, '--rule', 'dockerfile-pipefail']
    const warned = await opsmith(args)
    expect(warned.exitCode).toBe(0)
    expect(warned.stdout).toContain('1 warning')
    const quiet = await opsmith([...args, '-q'])
    expect(quiet.stdout).not.toContain('dockerfile-pipefail\n')
    const strict = await opsmith([...args, '--fail-on', 'warning', '-f', 'json'])
    expect(strict.exitCode).toBe(1)
    expect(JSON.parse(strict.stdout)).toMatchObject({ summary: { warnings: 1 } })
    expect(strict.stderr).toBe('opsmith conform: failing on 1 warning (--fail-on warning).')
    expect((await opsmith([...args, '--max-warnings', '0'])).exitCode).toBe(1)
    expect((await opsmith([...args, '--max-warnings', '1'])).exitCode).toBe(0)
    const github = await opsmith([...args, '-f', 'github'])
    expect(github.stdout).toMatch(/^::warning file=Dockerfile,line=3,col=1,/m)
  })

  it('colours the text report only on request, and NO_COLOR wins', async () => {
    const dir = await testdir({ Dockerfile: 'FROM a:1\n' })
    const forced = await execa('node', [BIN, 'conform', dir, '--rule', 'dockerfile-non-root-user'], { reject: false, env: { FORCE_COLOR: '1' } })
    expect(forced.stdout).toContain('\u001b[31m')
    const off = await execa('node', [BIN, 'conform', dir, '--rule', 'dockerfile-non-root-user'], { reject: false, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })
    expect(off.stdout).not.toContain('\u001b[')
    expect((await opsmith(['conform', dir, '--rule', 'dockerfile-non-root-user', '--no-color'])).stdout).not.toContain('\u001b[')
  })

  it('opsmith help <command> prints that command\'s help', async () => {
    const help = await opsmith(['help', 'conform'])
    expect(help.exitCode).toBe(0)
    expect(help.stdout).toMatch(/^Usage: opsmith conform \[dir\] \[options\]$/m)
    expect(help.stdout).toMatch(/-f, --format FORMAT/)
    expect((await opsmith(['help', 'init'])).stdout).toMatch(/^Usage: opsmith init \[dir\]/m)
  })

  it('opsmith init adopts a repository: a new violation fails CI, the baselined ones do not', async () => {
    const dir = await testdir({ Dockerfile: 'FROM node:20\nCMD ["node", "server.js"]\n', 'server.js': 'console.log(1)\n' }, { git: true })
    const init = await opsmith(['init'], dir)
    expect(init.exitCode).toBe(0)
    expect(init.stdout).toContain('Wrote .opsmith.json: profiles base.')
    expect(init.stdout).toMatch(/Recorded \d+ existing findings in \.opsmith-baseline\.json/)
    expect((await opsmith(['conform'], dir)).exitCode).toBe(0)
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM node:20\nRUN sudo npm ci\nCMD ["node", "server.js"]\n')
    const failing = await opsmith(['conform', '-f', 'sarif'], dir)
    expect(failing.exitCode).toBe(1)
    const results = (JSON.parse(failing.stdout) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: unknown[] }> }> }).runs[0]!.results
    expect(results.filter((result) => !result.suppressions).map((result) => result.ruleId)).toEqual(['dockerfile-no-sudo'])
  })
})

// Git's index still lists a/… after `a` became a symlink out of the repository: conform reads nothing through it.
describe('opsmith conform in a work tree where a tracked folder became a symlink', () => {
  it('skips the files under it with a warning and reports nothing of what the link leads to', async () => {
    const token = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_')
    const outside = await testdir({ 'settings.py': `TOKEN = "${token}"\n` })
    const dir = await testdir({ '.gitignore': '.env\n.env.*\n', 'config/settings.py': 'TOKEN = None\n' }, { git: true })
    const { rm } = await import('node:fs/promises')
    await rm(path.join(dir, 'config'), { recursive: true })
    await symlink(outside, path.join(dir, 'config'))
    const run = await opsmith(['conform', '--format', 'json'], dir)
    const findings = (JSON.parse(run.stdout) as { findings: Array<{ rule: string; file?: string; message: string }> }).findings
    expect(findings.filter((finding) => finding.rule === 'secrets-no-credentials')).toEqual([])
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'file-skipped', file: 'config/settings.py', message: expect.stringContaining('under config, a symlink') }))
    expect(run.exitCode, run.stderr).toBe(0)
  })
})
