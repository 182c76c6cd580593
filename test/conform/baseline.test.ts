import { readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runConform } from '../../src/conform/engine.js'
import { initRepository } from '../../src/conform/init.js'
import { formatReport } from '../../src/conform/report/index.js'
import { execa } from 'execa'
import { commitAll, readTree, testdir } from './helpers.js'

const DOCKERFILE = 'FROM python:3.12\nRUN pip install flask\nCMD ["flask", "run"]\n'

describe('opsmith init and the baseline', () => {
  it('records today\'s findings so only new ones fail, across line shifts', async () => {
    const dir = await testdir({ Dockerfile: DOCKERFILE, '.gitignore': '.env\n.env.*\n', '.dockerignore': '.git\n.env\n.env.*\n' }, { git: true })
    const init = await initRepository({ dir })
    expect(init.profiles).toEqual(['base'])
    expect(JSON.parse(await readFile(path.join(dir, '.opsmith.json'), 'utf8'))).toEqual({ conform: { profiles: ['base'], rules: {}, waivers: [] } })
    expect(init.result.baseline).toEqual({ file: '.opsmith-baseline.json', written: true, entries: 2 })

    const clean = await runConform({ dir })
    expect(clean.summary).toMatchObject({ errors: 0, baselined: 2 })

    // Lines shift and an unrelated line changes: the baselined findings still match.
    await writeFile(path.join(dir, 'Dockerfile'), `# syntax docs: https://docs.docker.com\n\n${DOCKERFILE.replace('flask"]', 'flask", "--debug"]')}`)
    expect((await runConform({ dir })).summary).toMatchObject({ errors: 0, baselined: 2 })

    // A new violation fails.
    await writeFile(path.join(dir, 'Dockerfile'), `${DOCKERFILE}ADD https://example.com/tool.tgz /opt/\n`)
    const dirty = await runConform({ dir })
    expect(dirty.findings.map((finding) => [finding.rule, finding.line])).toEqual([['dockerfile-copy-not-add', 4]])

    // Baselined findings are SARIF suppressions; re-recording adds the new one.
    const sarif = JSON.parse(formatReport(dirty, 'sarif')) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: unknown[]; partialFingerprints?: Record<string, string> }> }> }
    const results = sarif.runs[0]!.results
    expect(results.filter((result) => result.suppressions)).toHaveLength(2)
    for (const result of results) expect(result.partialFingerprints?.['opsmithFindingHash/v1']).toMatch(/^[a-f0-9]{32}:\d+$/)
    const updated = await runConform({ dir, updateBaseline: true })
    expect(updated.baseline?.entries).toBe(3)
    expect((await runConform({ dir })).summary.errors).toBe(0)
  })

  it('keeps a finding about a file as a whole recorded when that file\'s first line changes', async () => {
    // No top-level permissions and no required jobs: both findings point at line 1 without being about it.
    const workflow = 'name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n'
    const dir = await testdir({ '.github/workflows/ci.yml': workflow, '.gitignore': '.env\n.env.*\n' }, { git: true })
    const init = await initRepository({ dir })
    const recorded = init.result.baseline?.entries ?? 0
    expect(recorded).toBeGreaterThan(0)
    expect((await runConform({ dir })).summary).toMatchObject({ errors: 0, baselined: recorded })

    // A licence header above, and the workflow renamed: the same findings, still recorded.
    await writeFile(path.join(dir, '.github/workflows/ci.yml'), `# SPDX-License-Identifier: MIT\n${workflow.replace('name: ci', 'name: build')}`)
    expect((await runConform({ dir })).summary).toMatchObject({ errors: 0, baselined: recorded })
  })

  // yolov5's .gitignore holds `*.json`: init said "commit both files", git left both out, and conform at once
  // reported every recorded finding again (the baseline was not read because git ignored it).
  it('un-ignores its own files when .gitignore ignores them, and reads the baseline whatever git says', async () => {
    const dir = await testdir({ Dockerfile: DOCKERFILE, '.gitignore': '*.json\r\n.env\r\n.env.*\r\n', '.dockerignore': '.git\n.env\n.env.*\n' }, { git: true })
    const init = await initRepository({ dir })
    expect(init.unignored).toEqual(['.opsmith.json', '.opsmith-baseline.json'])
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toBe("*.json\r\n.env\r\n.env.*\r\n\r\n# opsmith's policy and baseline are committed\r\n!/.opsmith.json\r\n!/.opsmith-baseline.json\r\n")
    const status = await execa('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir })
    expect(status.stdout.split('\n').sort()).toEqual([' M .gitignore', '?? .opsmith-baseline.json', '?? .opsmith.json'])
    expect((await runConform({ dir })).summary).toMatchObject({ errors: 0, baselined: 2 })

    // Ignored by .git/info/exclude, and a .gitignore opsmith may not write (a symlink, which git does not read
    // either): init says so; conform still reads the ignored baseline.
    const other = await testdir({ Dockerfile: DOCKERFILE, 'rules.txt': '.env\n.env.*\n', '.dockerignore': '.git\n.env\n.env.*\n' })
    await symlink('rules.txt', path.join(other, '.gitignore'))
    await commitAll(other)
    await writeFile(path.join(other, '.git/info/exclude'), '*.json\n.env\n.env.*\n')
    const refused = await initRepository({ dir: other })
    expect([refused.unignored, refused.stillIgnored]).toEqual([[], ['.opsmith.json', '.opsmith-baseline.json']])
    expect(await readFile(path.join(other, 'rules.txt'), 'utf8')).toBe('.env\n.env.*\n')
    expect((await runConform({ dir: other })).summary).toMatchObject({ errors: 0, baselined: refused.result.baseline?.entries })
    expect((await runConform({ dir: other, updateBaseline: true })).ignoredOwnFiles).toEqual(['.opsmith.json', '.opsmith-baseline.json'])
  })

  it('keeps an existing .opsmith.json and only adds the profiles; --fix applies the fixes first', async () => {
    const manifest = '{\n  "conform": { "rules": { "dockerfile-pipefail": "off" } }\n}\n'
    const dir = await testdir({ '.opsmith.json': manifest, 'pyproject.toml': '[project]\ndependencies = ["torch"]\n' }, { git: true })
    const init = await initRepository({ dir, fix: true })
    expect(init.created).toBe(false)
    expect(init.profiles).toEqual(['base', 'ml'])
    const written = JSON.parse(await readFile(path.join(dir, '.opsmith.json'), 'utf8')) as { conform: Record<string, unknown> }
    expect(written.conform).toEqual({ rules: { 'dockerfile-pipefail': 'off' }, profiles: ['base', 'ml'] })
    expect(init.fixes.map((fix) => fix.file)).toEqual(['.gitignore'])
    expect(init.result.baseline?.entries).toBe(0)
  })

  // A symlink in place of the baseline or the record could lead anywhere: never written or read through, and a refused
  // write is an error, not a report of a file written.
  it('refuses a baseline or a record that is a symlink, before writing anything', async () => {
    const outside = await testdir({ 'target.json': 'untouched\n' })
    const target = path.join(outside, 'target.json')
    const dir = await testdir({ Dockerfile: DOCKERFILE })
    await symlink(target, path.join(dir, '.opsmith-baseline.json'))
    const before = await readTree(dir)
    await expect(runConform({ dir, updateBaseline: true })).rejects.toThrow('Refused to change .opsmith-baseline.json: it is a symbolic link, and opsmith never writes through one.')
    await expect(initRepository({ dir })).rejects.toThrow('Refused to change .opsmith-baseline.json: it is a symbolic link')
    expect(await readTree(dir)).toEqual(before)
    expect(await readFile(target, 'utf8')).toBe('untouched\n')

    const other = await testdir({ Dockerfile: DOCKERFILE })
    await symlink(target, path.join(other, '.opsmith.json'))
    await expect(runConform({ dir: other })).rejects.toThrow('Invalid configuration: .opsmith.json is not a regular file')
    await expect(initRepository({ dir: other })).rejects.toThrow('.opsmith.json is not a regular file (a symlink)')
    expect(await readFile(target, 'utf8')).toBe('untouched\n')
  })

  it('rejects a broken baseline file naming it', async () => {
    const dir = await testdir({ '.opsmith-baseline.json': '{ "findings": 3 }' })
    await expect(runConform({ dir })).rejects.toThrow(/\.opsmith-baseline\.json\.findings: expected an array/)
  })
})
