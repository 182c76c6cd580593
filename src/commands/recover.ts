import path from 'node:path'
import { recoverInterruptedUpdate } from '../update/journal.js'

/** Undoes an update that was killed half-way in this project (its journal says what to take back), and says so on stderr. */
export function recoverAndReport(dir: string, stderr: NodeJS.WritableStream): void {
  const recovered = recoverInterruptedUpdate(path.resolve(dir))
  if (recovered) stderr.write(`opsmith: an earlier update of this project was interrupted; restored ${recovered.restored} file(s) to how they were before it.\n`)
}
