import { Contained, type Entry, type Expectation } from '../contain.js'
import { ToolError } from '../errors.js'
import { runUninterruptible } from '../interrupt.js'

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
    try {
      for (const operation of operations) undo.push(applyOne(tree, operation))
    } catch (error) {
      const failures: string[] = []
      for (const step of undo.reverse()) {
        try {
          step()
        } catch (undoError) {
          failures.push((undoError as Error).message)
        }
      }
      const restored = failures.length === 0 ? 'nothing was changed' : `could not restore: ${failures.join('; ')}`
      if (error instanceof ToolError) throw new ToolError(error.code, `${error.message.replace(/\.$/, '')}; ${restored}.`, { cause: error })
      throw new ToolError('failed', `Could not apply the update (${(error as Error).message}); ${restored}.`, { cause: error })
    }
  })
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
