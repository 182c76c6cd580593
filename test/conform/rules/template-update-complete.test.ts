import { symlink } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import rule from '../../../src/conform/rules/template-update-complete.js'
import { runConform } from '../../../src/conform/index.js'
import { initRepository } from '../../../src/conform/init.js'
import { checkRule, readTree, ruleTester, testdir } from '../helpers.js'

const JOURNAL = { '.opsmith-journal/pid': '4242', '.opsmith-journal/backups/0': 'FROM python:3.12\n', '.opsmith-journal/journal.json': '{"version":1,"operations":[],"folders":[]}' }

ruleTester(rule, {
  valid: [
    { name: 'no journal', files: { Dockerfile: 'FROM scratch\n' } },
    // Only opsmith's folder counts: a file of that name is nobody's journal (and no recovery would read it).
    { name: 'a file named .opsmith-journal', files: { '.opsmith-journal': 'notes\n' } },
  ],
  invalid: [
    // A journal is a state of the work tree, not a line of a file: no region.
    { name: 'an update cut off while applying', files: { Dockerfile: 'FROM scratch\n', ...JOURNAL }, errors: [{ file: '.opsmith-journal/journal.json', line: undefined, message: /cut off half-way.*opsmith check/ }] },
    { name: 'an update stopped while writing its journal', files: { '.opsmith-journal/pid': '4242' }, errors: [{ file: '.opsmith-journal', line: undefined, message: /before it changed any file/ }] },
    { name: 'a journal git ignores', files: { '.gitignore': '.opsmith-journal/\n', ...JOURNAL }, git: true, errors: [{ file: '.opsmith-journal/journal.json', line: undefined }] },
  ],
})

describe('template-update-complete', () => {
  it('is not fooled by a symlink named like the journal folder', async () => {
    const dir = await testdir({ 'elsewhere/journal.json': '{}' })
    await symlink('elsewhere', path.join(dir, '.opsmith-journal'))
    expect(await checkRule(rule, dir)).toEqual([])
  })

  it('runs on the default policy, in a repository that records no pack', async () => {
    const result = await runConform({ dir: await testdir({ 'a.py': '', ...JOURNAL }) })
    expect(result.findings.filter((finding) => finding.rule === 'template-update-complete')).toMatchObject([{ severity: 'error', file: '.opsmith-journal/journal.json' }])
  })

  // The recovery puts back what the journal holds: nothing is written before it has run.
  it.each([
    ['conform --fix', (dir: string) => runConform({ dir, fix: true })],
    ['conform --update-baseline', (dir: string) => runConform({ dir, updateBaseline: true })],
    ['init', (dir: string) => initRepository({ dir })],
  ])('%s refuses to write while the journal is there, and writes nothing', async (_name, run) => {
    // .env.example and no .gitignore: secrets-env-ignored has a fix (it writes .gitignore).
    const dir = await testdir({ '.env.example': 'API_TOKEN=abc123\n', ...JOURNAL })
    const before = await readTree(dir)
    await expect(run(dir)).rejects.toThrow(/update of .* was interrupted \(\.opsmith-journal\/ is there\): run `opsmith check`/)
    expect(await readTree(dir)).toEqual(before)
  })

  it('lets --fix --dry-run list the fixes (it writes nothing)', async () => {
    const dir = await testdir({ '.env.example': 'API_TOKEN=abc123\n', ...JOURNAL })
    const before = await readTree(dir)
    const result = await runConform({ dir, fix: true, dryRun: true })
    expect(result.fixes.length).toBeGreaterThan(0)
    expect(await readTree(dir)).toEqual(before)
  })
})
