// Synchronous clean-ups to run if the process is interrupted (Ctrl+C, SIGTERM from `timeout`/CI/`docker stop`,
// SIGHUP from a closed terminal) while a core has work in flight, e.g. the staging directory of a generation.
// cli.ts installs the signal handlers; cores only register clean-ups or mark a section uninterruptible.

import fs from 'node:fs'

const cleanups = new Set<() => void>()
let uninterruptible = 0
let pending: (() => void) | undefined

/**
 * Registers a clean-up; returns the function that unregisters it once the work is safely done. Clean-ups run
 * newest first: a child process working in a scratch folder is stopped before the folder is removed.
 */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup)
  return () => cleanups.delete(cleanup)
}

/** Runs every registered clean-up once, newest first; a failing clean-up does not stop the others. */
export function runInterruptCleanups(): string[] {
  const failures: string[] = []
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup()
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error))
    }
  }
  cleanups.clear()
  return failures
}

/**
 * Handles a signal now, or, inside `runUninterruptible`, once the section is done: a tree is left exactly
 * before or exactly after a commit step, never half-way. Called by cli.ts's signal handlers.
 */
export function handleInterrupt(exit: () => void): void {
  if (uninterruptible > 0) pending = exit
  else exit()
}

/** Runs a short commit step (renames, small writes) that a signal must not cut in half. */
export async function runUninterruptible<T>(step: () => Promise<T> | T): Promise<T> {
  uninterruptible++
  try {
    return await step()
  } finally {
    uninterruptible--
    if (uninterruptible === 0 && pending) {
      const exit = pending
      pending = undefined
      exit()
    }
  }
}

/** A private scratch folder that an interrupt removes from the moment it exists. */
export interface ScratchFolder {
  readonly dir: string
  /** Removes the folder (unless `keep`) and its interrupt clean-up. */
  dispose(options?: { keep?: boolean }): Promise<void>
}

/**
 * Creates a folder named `prefix` plus six random characters (mode 0700) and registers its removal on interrupt
 * in the same synchronous step: no signal can arrive between the two and leave the folder behind.
 */
export function scratchFolder(prefix: string): ScratchFolder {
  const dir = fs.mkdtempSync(prefix)
  // Retried for a moment: a child the same interrupt stopped (see onInterrupt) may still be closing files in it.
  const unregister = onInterrupt(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 10 }))
  return {
    dir,
    async dispose(options) {
      if (!options?.keep) await fs.promises.rm(dir, { recursive: true, force: true })
      unregister()
    },
  }
}
