import path from 'node:path'
import { recoverInterruptedUpdate } from '../update/journal.js'
import { showPackProgress } from './pack-progress.js'

/**
 * The preamble of the commands that work on a generated project (`check`, `diff`, `update`): resolves its
 * folder, shows pack installs on stderr, and undoes an update that was killed half-way (its journal says what
 * to take back), saying so on stderr. Returns the project's absolute folder.
 */
export function openProject(cwd: string, dir: string | undefined, stderr: NodeJS.WritableStream): string {
  const projectDir = path.resolve(cwd, dir ?? '.')
  showPackProgress(stderr)
  const recovered = recoverInterruptedUpdate(projectDir)
  if (recovered) stderr.write(`opsmith: an earlier update of this project was interrupted; restored ${recovered.restored} file(s) to how they were before it.\n`)
  return projectDir
}
