// Synchronous clean-ups to run if the process is interrupted (Ctrl+C) while a core has work in flight,
// e.g. the staging directory of a generation. cli.ts installs the signal handler; cores only register.

const cleanups = new Set<() => void>()

/** Registers a clean-up; returns the function that unregisters it once the work is safely done. */
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
