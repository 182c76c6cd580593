import fs from 'node:fs'
import { Contained, type Entry, type Expectation } from '../contain.js'
import { ToolError } from '../errors.js'
import { runUninterruptible } from '../interrupt.js'
import { writeJournal } from './journal.js'

/** One change to the user's tree, with what must be there for it to go ahead. */
export type TreeOperation =
  | { kind: 'write'; file: string; content: Buffer; expect: Expectation }
  | { kind: 'delete'; file: string; expect: Exclude<Expectation, { absent: true }> }
  | { kind: 'rename'; from: string; to: string; expect: Exclude<Expectation, { absent: true }> }

/**
 * Applies the operations through the containment layer as one step: a signal arriving meanwhile waits
 * until the step is done, and a failure half-way (a file changed under us, a full disk) puts back every
 * file already touched, so the tree is exactly as before or exactly as after.
 */
export async function applyOperations(root: string, operations: TreeOperation[]): Promise<void> {
  const tree = new Contained(root)
  const undo: Array<() => void> = []
  await runUninterruptible(() => {
    // Written first: if the process is killed (SIGKILL, power cut) half-way, the next opsmith command undoes it.
    const settle = writeJournal(tree.root, operations)
    const pauseAfter = Number(process.env.OPSMITH_TEST_PAUSE_AFTER_OPERATIONS ?? Number.NaN)
    try {
      for (const [index, operation] of operations.entries()) {
        undo.push(applyOne(tree, operation))
        if (index + 1 === pauseAfter) pauseForTest(index + 1)
      }
      settle()
    } catch (error) {
      const failures: string[] = []
      for (const step of undo.reverse()) {
        try {
          step()
        } catch (undoError) {
          failures.push((undoError as Error).message)
        }
      }
      // Undone in full: the journal has nothing left to do. Otherwise it stays, and the next command retries from it.
      if (failures.length === 0) settle()
      const restored = failures.length === 0 ? 'nothing was changed' : `could not restore: ${failures.join('; ')}`
      if (error instanceof ToolError) throw new ToolError(error.code, `${error.message.replace(/\.$/, '')}; ${restored}.`, { cause: error })
      throw new ToolError('failed', `Could not apply the update (${(error as Error).message}); ${restored}.`, { cause: error })
    }
  })
}

// Test hook (OPSMITH_TEST_PAUSE_AFTER_OPERATIONS=N): stop half-way through the apply for N operations' time, so a
// test can kill the process at a known point. Blocks the thread: nothing else of opsmith runs meanwhile.
function pauseForTest(done: number): void {
  fs.writeSync(2, `opsmith: test pause after ${done} operations\n`)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000)
}

// Applies one operation and returns how to take it back.
function applyOne(tree: Contained, operation: TreeOperation): () => void {
  if (operation.kind === 'rename') {
    tree.rename(operation.from, operation.to, operation.expect)
    return () => tree.rename(operation.to, operation.from, { regularFile: true })
  }
  const before = tree.read(operation.file)
  if (operation.kind === 'delete') {
    tree.remove(operation.file, operation.expect)
    return () => restore(tree, operation.file, before)
  }
  tree.write(operation.file, operation.content, operation.expect)
  return () => restore(tree, operation.file, before)
}

function restore(tree: Contained, file: string, before: Entry): void {
  if (before.kind === 'file') tree.write(file, before.bytes, { regularFile: true }, before.mode & 0o7777)
  else tree.remove(file, { regularFile: true })
}
