import type { execa as Execa } from 'execa'
import { onInterrupt } from '../interrupt.js'

// execa is loaded on first use: `opsmith new --no-git` never pays for it.
async function loadExeca(): Promise<typeof Execa> {
  return (await import('execa')).execa
}

/** Result of trying to start the repository; warnings are printed by the CLI, never fatal. */
export interface GitInitResult {
  initialized: boolean
  committed: boolean
  warnings: string[]
}

/** True when `dir` is already inside a git work tree (then we never nest a new repository). */
export async function isInsideGitRepo(dir: string): Promise<boolean> {
  const execa = await loadExeca()
  const result = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, reject: false })
  return result.exitCode === 0 && result.stdout.trim() === 'true'
}

/** `git init`, `git add -A` and an initial commit; a missing git or identity is a warning. */
export async function initRepository(dir: string, message: string): Promise<GitInitResult> {
  const execa = await loadExeca()
  // `dir` is the staging folder, which an interrupt removes. A signal sent to opsmith alone (kill, a CI runner; Ctrl+C
  // reaches the whole process group) leaves git running and writing into it: the interrupt stops git first.
  const git = async (args: string[], options: { reject?: boolean } = {}) => {
    const child = execa('git', args, { cwd: dir, ...options })
    const unregister = onInterrupt(() => child.kill('SIGKILL'))
    try {
      return await child
    } finally {
      unregister()
    }
  }
  const init = await git(['init', '-q', '-b', 'main'], { reject: false })
  if (init.failed) {
    const reason = (init as { code?: string }).code === 'ENOENT' ? 'git is not installed' : init.shortMessage
    return { initialized: false, committed: false, warnings: [`Skipped git init: ${reason}.`] }
  }
  await git(['add', '-A'])
  const commit = await git(['commit', '-q', '--no-verify', '-m', message], { reject: false })
  if (commit.failed) {
    const firstLine = commit.stderr.split('\n').find((line) => line.trim() !== '') ?? commit.shortMessage ?? 'git commit failed'
    return { initialized: true, committed: false, warnings: [`Initialised git and staged the files, but did not commit: ${firstLine.trim()}`] }
  }
  return { initialized: true, committed: true, warnings: [] }
}
