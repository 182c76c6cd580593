import { execFile, type ChildProcess } from 'node:child_process'
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import path from 'node:path'

export interface GitResult {
  exitCode: number
  stdout: string
  stderr: string
  /** Set when git was stopped because it waited to open this FIFO (see fifoWaitedOn). */
  fifo?: string
}

/**
 * Runs git and resolves with its exit code and output, never rejecting on a non-zero exit.
 * node:child_process rather than execa: conform spawns git a few times per run, and execa's
 * module graph alone costs ~200 ms to load, most of the 300 ms budget for a small repo.
 */
export function runGit(cwd: string, args: string[], timeoutMs = gitTimeout(), onSpawn?: (child: ChildProcess) => void): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    // A timeout, so a repository that makes git block (a FIFO named .gitignore) cannot hang conform. The repository's
    // own .git/config is the attacker's when it came as an archive: its core.fsmonitor is a command that git runs on
    // the first ls-files, so conform turns it off (and the hooks, and diff's text conversions: see READ_ONLY).
    let fifo: { file: string | undefined } | undefined
    const child = execFile('git', [...READ_ONLY, ...workTreeOf(cwd), ...args], { cwd, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      clearInterval(watch)
      if (fifo !== undefined) {
        const what = fifo.file ?? 'a file in the tree'
        resolve({ exitCode: 124, stdout: '', stderr: `git ${args[0] ?? ''} stopped: it waited for a writer to open ${what}, a FIFO (named pipe)`, ...(fifo.file === undefined ? {} : { fifo: fifo.file }) })
        return
      }
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
    onSpawn?.(child)
    // Where the kernel says what a process waits in (Linux), a git that waits to open a FIFO (a .gitignore that is a
    // named pipe, anywhere in the tree) is stopped within a tenth of a second instead of at the timeout.
    const watch = setInterval(() => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
      const waiting = fifoWaitedOn(child.pid, cwd)
      if (waiting === undefined) return
      fifo = waiting
      child.kill('SIGKILL')
    }, FIFO_POLL_MS)
    watch.unref()
  })
}

const FIFO_POLL_MS = 100
/** What Linux names the wait of a process that opens a FIFO nobody has opened from the other end. */
const FIFO_OPEN_WAIT = 'wait_for_partner'

/**
 * Whether process `pid` waits to open a FIFO and, where it can be told, which: a path relative to `cwd` (`.gitignore`
 * in the deepest folder it has open: git keeps each folder it walks open while it reads the folder's .gitignore).
 * Undefined when it waits for nothing of the kind, or where /proc does not say.
 */
function fifoWaitedOn(pid: number, cwd: string): { file: string | undefined } | undefined {
  let wchan: string
  try {
    wchan = readFileSync(`/proc/${pid}/wchan`, 'latin1')
  } catch {
    return undefined
  }
  if (wchan !== FIFO_OPEN_WAIT) return undefined
  let deepest: string | undefined
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`)
      const relative = path.relative(cwd, target)
      if (relative.startsWith('..') || path.isAbsolute(relative)) continue
      if (lstatSync(target).isDirectory() && (deepest === undefined || target.length > deepest.length)) deepest = target
    }
  } catch {
    // The process ended meanwhile, or its folders cannot be read: said without a name.
  }
  const gitignore = deepest === undefined ? undefined : path.join(deepest, '.gitignore')
  try {
    if (gitignore !== undefined && lstatSync(gitignore).isFIFO()) return { file: path.relative(cwd, gitignore).split(path.sep).join('/') }
  } catch {
    // Gone meanwhile: said without a name.
  }
  return { file: undefined }
}

// Settings on the command line win over every config file: no command the repository names runs for conform.
// git's ownership check (safe.directory) exists to stop exactly those commands; with them off it only costs the
// listing: a checkout owned by another user (a CI container, a mounted volume) made git refuse, and conform walked
// the files without knowing which are tracked, so a committed .env went unreported. Hence `*`, for conform's calls.
const READ_ONLY = ['-c', 'core.fsmonitor=false', '-c', `core.hooksPath=${process.platform === 'win32' ? 'NUL' : '/dev/null'}`, '-c', 'safe.directory=*']

const workTrees = new Map<string, string[]>()

/**
 * `--work-tree <cwd>` when `cwd` holds the repository's .git (a folder, or the file of a linked worktree or a
 * submodule): then `cwd` is the work tree in every repository git makes, and a core.worktree in the repository's
 * own config can only be an attacker's, pointing git at another folder so that conform lists none of the files
 * that are here (and reports none of their problems). Run from a folder inside a repository, git finds it as usual.
 */
function workTreeOf(cwd: string): string[] {
  let args = workTrees.get(cwd)
  if (!args) workTrees.set(cwd, (args = existsSync(path.join(cwd, '.git')) ? ['--work-tree', path.resolve(cwd)] : []))
  return args
}

/** Milliseconds a git call may take: OPSMITH_GIT_TIMEOUT_MS, default 60 s. */
function gitTimeout(): number {
  const value = Number(process.env.OPSMITH_GIT_TIMEOUT_MS)
  return Number.isFinite(value) && value > 0 ? value : 60_000
}

// git-lfs's own filter commands (what `git lfs install --local` writes): kept, so LFS files compare as pointers.
const LFS_COMMANDS = new Set(['git-lfs clean -- %f', 'git-lfs smudge -- %f', 'git-lfs filter-process'])

/**
 * `-c` settings that neutralise the filter commands the repository's own config (and what it includes) names: a
 * worktree diff runs a driver's `clean` command on changed files, and .gitattributes picks the driver. `clean` and
 * `smudge` become `cat` (a pass-through), a long-running `process` filter empty (none: git falls back to `clean`; a
 * failing one such as `false` makes git die), and `required` false. Global and system config are the user's own.
 */
export async function repositoryFilterOverrides(cwd: string): Promise<string[]> {
  const result = await runGit(cwd, ['config', '--local', '--includes', '--null', '--get-regexp', '^filter\\..*\\.(clean|smudge|process)$'])
  const overrides: string[] = []
  for (const entry of result.stdout.split('\0').filter(Boolean)) {
    const [key = '', value = ''] = entry.split('\n')
    const driver = /^filter\.(.+)\.(clean|smudge|process)$/.exec(key)
    if (!driver || LFS_COMMANDS.has(value.trim())) continue
    overrides.push('-c', `${key}=${driver[2] === 'process' ? '' : 'cat'}`, '-c', `filter.${driver[1]}.required=false`)
  }
  return overrides
}
