import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { Contained, sha256 } from '../../src/contain.js'
import { recoverInterruptedUpdate, writeJournal } from '../../src/update/journal.js'
import { JOURNAL_DIR } from '../../src/record/journal.js'
import { readTree, testdir } from '../helpers/testdir.js'

// An update killed after any number of its changes: recovery must give back exactly the tree before it.
const BEFORE = { 'keep.txt': 'untouched\n', 'edit.txt': 'old\n', 'gone.txt': 'delete me\n', 'old/name.txt': 'moved\n', 'exec.sh': '#!/bin/sh\n' }

type Change = { kind: 'write'; file: string; content: Buffer } | { kind: 'delete'; file: string } | { kind: 'rename'; from: string; to: string }

const CHANGES: Change[] = [
  { kind: 'rename', from: 'old/name.txt', to: 'new/name.txt' },
  { kind: 'write', file: 'new/name.txt', content: Buffer.from('moved and edited\n') },
  { kind: 'write', file: 'edit.txt', content: Buffer.from('new\n') },
  { kind: 'write', file: 'added.txt', content: Buffer.from('added\n') },
  { kind: 'delete', file: 'gone.txt' },
  { kind: 'write', file: 'exec.sh', content: Buffer.from('#!/bin/sh\necho 2\n') },
]

function apply(tree: Contained, change: Change): void {
  if (change.kind === 'rename') tree.rename(change.from, change.to, { regularFile: true })
  else if (change.kind === 'delete') tree.remove(change.file, { regularFile: true })
  else tree.write(change.file, change.content, { regularFile: true })
}

async function project() {
  const dir = await testdir(BEFORE)
  await fsp.chmod(path.join(dir, 'exec.sh'), 0o755)
  return dir
}

describe('recoverInterruptedUpdate', () => {
  it.each(Array.from({ length: CHANGES.length + 1 }, (_, done) => ({ done })))('killed after $done change(s): the tree is exactly as before', async ({ done }) => {
    const dir = await project()
    writeJournal(dir, CHANGES)
    const tree = new Contained(dir)
    for (const change of CHANGES.slice(0, done)) apply(tree, change)
    expect(recoverInterruptedUpdate(dir)).toBeDefined()
    expect(await readTree(dir)).toEqual(BEFORE)
    expect(fs.statSync(path.join(dir, 'exec.sh')).mode & 0o777).toBe(0o755)
    // The folder the rename created is gone again, the one it emptied is still there.
    expect((await fsp.readdir(dir)).sort()).toEqual(['edit.txt', 'exec.sh', 'gone.txt', 'keep.txt', 'old'])
    expect(recoverInterruptedUpdate(dir)).toBeUndefined()
  })

  it('killed between the link and the unlink of a rename, with a temporary sibling left by a write', async () => {
    const dir = await project()
    writeJournal(dir, CHANGES)
    fs.mkdirSync(path.join(dir, 'new'))
    fs.linkSync(path.join(dir, 'old/name.txt'), path.join(dir, 'new/name.txt'))
    fs.writeFileSync(path.join(dir, '.edit.txt.opsmith-0a1b2c3d'), 'half')
    recoverInterruptedUpdate(dir)
    const after = await readTree(dir)
    expect(after).toEqual(BEFORE)
  })

  it('killed while the journal itself was written: nothing had changed, the folder goes', async () => {
    const dir = await project()
    fs.mkdirSync(path.join(dir, JOURNAL_DIR, 'backups'), { recursive: true })
    expect(recoverInterruptedUpdate(dir)).toEqual({ restored: 0 })
    expect(await readTree(dir)).toEqual(BEFORE)
  })

  it('never undoes an update another running process is applying', async () => {
    const dir = await project()
    writeJournal(dir, CHANGES)
    // The journal of a process that is alive (this test's parent), not this one.
    fs.writeFileSync(path.join(dir, JOURNAL_DIR, 'pid'), String(process.ppid))
    apply(new Contained(dir), CHANGES[2] as Change)
    expect(() => recoverInterruptedUpdate(dir)).toThrow(/Another opsmith \(process \d+\) is updating/)
    expect(fs.readFileSync(path.join(dir, 'edit.txt'), 'utf8')).toBe('new\n')
  })

  it('a second update refuses to start over a journal it did not recover', async () => {
    const dir = await project()
    writeJournal(dir, CHANGES)
    expect(() => writeJournal(dir, CHANGES)).toThrow(/already exists/)
  })

  it('journals the bytes and hash of every change', async () => {
    const dir = await project()
    const settle = writeJournal(dir, CHANGES)
    const journal = JSON.parse(fs.readFileSync(path.join(dir, JOURNAL_DIR, 'journal.json'), 'utf8'))
    expect(journal.operations[2]).toEqual({ kind: 'write', file: 'edit.txt', before: { backup: '2', mode: expect.any(Number) }, after: sha256('new\n') })
    // The write onto a renamed file backs up the rename's source.
    expect(fs.readFileSync(path.join(dir, JOURNAL_DIR, 'backups', journal.operations[1].before.backup), 'utf8')).toBe('moved\n')
    settle()
    expect(fs.existsSync(path.join(dir, JOURNAL_DIR))).toBe(false)
  })
})
