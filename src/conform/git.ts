import { execFile } from 'node:child_process'

export interface GitResult {
  exitCode: number
  stdout: string
  stderr: string
}

/**
 * Runs git and resolves with its exit code and output, never rejecting on a non-zero exit.
 * node:child_process rather than execa: conform spawns git a few times per run, and execa's
 * module graph alone costs ~200 ms to load, most of the 300 ms budget for a small repo.
 */
export function runGit(cwd: string, args: string[], timeoutMs = gitTimeout()): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    // A timeout, so a repository that makes git block (a FIFO named .gitignore) cannot hang conform.
    execFile('git', args, { cwd, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error?.killed) {
        resolve({ exitCode: 124, stdout: '', stderr: `git ${args[0] ?? ''} timed out after ${timeoutMs} ms` })
        return
      }
      if (error && typeof error.code !== 'number') {
        reject(error)
        return
      }
      resolve({ exitCode: typeof error?.code === 'number' ? error.code : 0, stdout, stderr })
    })
  })
}

/** Milliseconds a git call may take: OPSMITH_GIT_TIMEOUT_MS, default 60 s. */
function gitTimeout(): number {
  const value = Number(process.env.OPSMITH_GIT_TIMEOUT_MS)
  return Number.isFinite(value) && value > 0 ? value : 60_000
}
