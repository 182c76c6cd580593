import { reportNpmProgress } from '../packs/npm.js'
import { startProgress } from '../progress.js'

/** Pack installs and registry look-ups of this command show progress on its stderr (a rewritten line on a terminal, timestamped lines in CI). */
export function showPackProgress(stderr: NodeJS.WritableStream): void {
  reportNpmProgress((label) => startProgress(stderr, label))
}
