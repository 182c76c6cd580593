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
export function runGit(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error)
        return
      }
      resolve({ exitCode: typeof error?.code === 'number' ? error.code : 0, stdout, stderr })
    })
  })
}
