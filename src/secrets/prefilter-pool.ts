import * as fs from 'node:fs'
import { availableParallelism } from 'node:os'
import { SHARE_ENV, Worker } from 'node:worker_threads'
import { FolderChain } from '../folder-chain.js'
import { createGateScanner, type GateScanner } from './gate-scan.js'
import { gateScanner, PREFILTER, scanGates } from './keywords.js'

/** Options of `prescanFiles`. */
export interface PrescanOptions {
  /** Largest file read whole; larger ones are only classified. */
  maxBytes: number
  /** Worker threads besides this one (default: one fewer than the cores, at most 3). */
  workers?: number
  /**
   * Put before every path (a folder and its separator), so that callers pass paths relative to it: each thread glues
   * on its own share, and the worker threads get the short paths (copied to each, like everything in workerData).
   */
  prefix?: string
  /** The caller's FolderChain for these paths (same prefix): this thread's, so that folders it looks at later are looked at once. */
  folders?: FolderChain
}

/** What `prescanFiles` found for each path, by index. */
export interface Prescan {
  /** PRESCAN_FILE or PRESCAN_CLEAR for a regular file; PRESCAN_UNKNOWN for anything else, for the caller to classify. */
  status: Uint8Array
  /** Size in bytes of each regular file: what its whole read gave, else from the fstat (or lstat) that classified it. */
  sizes: Float64Array
}

/** Not a regular file (a symlink, a folder, a FIFO...), gone, or not openable: the caller looks again. */
export const PRESCAN_UNKNOWN = 0
/** A regular file (read or not). */
export const PRESCAN_FILE = 1
/** A regular file of at most `maxBytes`, text (no NUL in its first 8000 bytes, as git decides), without any detector's keyword. */
export const PRESCAN_CLEAR = 2

/** The files to look at and the shared state every thread works on. */
interface Share {
  paths: string[]
  prefix: string
  /** Index of the next batch nobody has taken yet. */
  next: Int32Array
  status: Uint8Array
  sizes: Float64Array
  maxBytes: number
  /** open(2) flags: read-only, and where the platform has them, no blocking, no following a symlink, no terminal. */
  openFlags: number
  /** Whether a path is opened and read before it is classified (see prescanShare): only where a symlink cannot be followed. */
  openFirst: boolean
}

type SyncFs = Pick<typeof fs, 'lstatSync' | 'fstatSync' | 'openSync' | 'readSync' | 'closeSync'>

/**
 * Classifies each path as `lstat` does and, for regular text files of at most `maxBytes`, reads them once and marks
 * those the secret detectors have nothing to do with (no keyword). One pass per file (open, read, close), on
 * this thread and on worker threads that take batches from one shared counter, so a big repository's listing and
 * prefilter use every core and each file is opened once; a worker that starts late only does less (`warmPrescan`
 * starts them early).
 * Anything but a regular file stays PRESCAN_UNKNOWN for the caller: a symlink is not followed (O_NOFOLLOW fails on
 * it), a path with a symlink on its way is not opened at all (FolderChain: each thread looks at the folders of its own
 * batches, so the first files are read while the last folders are looked at), a FIFO is opened without waiting for a
 * writer (O_NONBLOCK) and nothing is taken out of it (a read from an offset fails on it), and a device (only root
 * makes one) is told apart by fstat where its first read is empty or fills the chunk, as /dev/null's and /dev/zero's do.
 */
export async function prescanFiles(paths: string[], options: PrescanOptions): Promise<Prescan> {
  const share: Share = {
    paths,
    prefix: options.prefix ?? '',
    next: new Int32Array(new SharedArrayBuffer(4)),
    status: new Uint8Array(new SharedArrayBuffer(paths.length)),
    sizes: new Float64Array(new SharedArrayBuffer(paths.length * 8)),
    maxBytes: options.maxBytes,
    openFlags: fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NOCTTY ?? 0),
    openFirst: fs.constants.O_NOFOLLOW !== undefined && fs.constants.O_NONBLOCK !== undefined,
  }
  const count = options.workers ?? defaultWorkers()
  const warmed = takeWarm(share.prefix)
  for (const { worker } of warmed.slice(count)) void worker.terminate()
  const workers = warmed.slice(0, count)
  while (workers.length < count) workers.push(startWorker())
  for (const { worker } of workers) {
    worker.ref()
    worker.postMessage(share)
  }
  // The secrets rule scans with the same instance afterwards.
  const scanner = gateScanner()
  const folders = options.folders ?? new FolderChain(share.prefix, fs)
  prescanShare(share, scanner, (bytes) => scanGates(scanner, PREFILTER.entriesByGate, bytes, 1).length > 0, fs, folders)
  await Promise.all(workers.map(({ done }) => done))
  return { status: share.status, sizes: share.sizes }
}

function defaultWorkers(): number {
  return Math.min(3, availableParallelism() - 1)
}

/** Worker threads started before their files are known, by the prefix their paths will have. */
const warm = new Map<string, PrescanWorker[]>()

/**
 * Starts the worker threads of a coming `prescanFiles` with this `prefix` now: a thread takes ~80 ms to start,
 * which it then spends while git lists the files instead of after. Unused, they keep nothing alive; `coolPrescan`
 * stops them.
 */
export function warmPrescan(prefix: string): void {
  if (warm.has(prefix)) return
  const workers = Array.from({ length: defaultWorkers() }, () => startWorker())
  for (const { worker } of workers) worker.unref()
  warm.set(prefix, workers)
}

/** Stops the threads `warmPrescan` started for `prefix` that no `prescanFiles` took. */
export function coolPrescan(prefix: string): void {
  for (const { worker } of takeWarm(prefix)) void worker.terminate()
}

function takeWarm(prefix: string): PrescanWorker[] {
  const workers = warm.get(prefix) ?? []
  warm.delete(prefix)
  return workers
}

// A worker runs the same three functions and FolderChain as this thread, from their source (each refers to nothing
// outside itself): no separate file to bundle or resolve. (The bundle declares the class as an expression, so the
// source gives it its name.) It makes its scanner, waits for its share, and says when its last batch is done (its
// exit, tearing its heap down, comes later).
const WORKER_SOURCE = [
  "const { parentPort, workerData } = require('node:worker_threads')",
  createGateScanner.toString(),
  scanGates.toString(),
  prescanShare.toString(),
  `const ${FolderChain.name} = ${FolderChain.toString()}`,
  `const scanner = ${createGateScanner.name}(workerData.table, workerData.followers, workerData.after)`,
  'parentPort.once("message", (share) => {',
  `  ${prescanShare.name}(share, scanner, (bytes) => ${scanGates.name}(scanner, workerData.entriesByGate, bytes, 1).length > 0, require('node:fs'), new ${FolderChain.name}(share.prefix, require('node:fs')))`,
  '  parentPort.postMessage(0)',
  '  parentPort.close()',
  '})',
].join('\n')

interface PrescanWorker {
  worker: Worker
  /** Settles once the worker has done its share (or failed); never rejects unawaited. */
  done: Promise<void>
}

function startWorker(): PrescanWorker {
  // A lean thread: the environment shared, not copied; nothing to pipe (it prints nothing; an error comes as an
  // event); and no tracking of the files it opens, which it closes itself (Node otherwise books every open).
  const worker = new Worker(WORKER_SOURCE, { eval: true, env: SHARE_ENV, stdout: true, stderr: true, trackUnmanagedFds: false, workerData: { table: PREFILTER.table, followers: PREFILTER.followers, after: PREFILTER.after, entriesByGate: PREFILTER.entriesByGate } })
  const done = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve())
    worker.once('error', reject)
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The prefilter worker exited with code ${code}.`))))
  })
  // A warm worker stopped unused fails with nobody waiting: only an awaited failure is reported.
  done.catch(() => undefined)
  return { worker, done }
}

/**
 * Takes batches until none are left (workers run its source, so it refers to nothing outside itself). A path with
 * a symlink (or a file) on its way, as `folders` finds, is never opened: left UNKNOWN, for the caller to say why.
 *
 * Where a symlink cannot be opened (O_NOFOLLOW), a file is opened and read from offset 0 (pread) before anything
 * else: a read shorter than the first chunk is the whole file and its size, which spares an fstat (and Node's Stats
 * object, four Dates with it) for nearly every file, a sixth of a file's cost here. pread cannot read a FIFO or a
 * terminal (ESPIPE) or a folder (EISDIR), so those stay UNKNOWN as before; an empty read or a full chunk is
 * classified by fstat (an empty file or /dev/null; a big file, whose size decides whether the rest is read).
 */
export function prescanShare(share: Share, scanner: GateScanner, hasKeyword: (bytes: Buffer) => boolean, files: SyncFs, folders: FolderChain): void {
  const BATCH = 32
  const SNIFF_BYTES = 8000
  const NO_THROW = { throwIfNoEntry: false }
  // Larger than nearly every source file, and never more than a file may have to be read whole.
  const CHUNK = Math.min(64 * 1024, share.maxBytes + 1)
  const total = share.paths.length
  // Reading a bigger file may grow the scanner's memory, which detaches this view (its length is 0 then).
  let chunk = scanner.load(CHUNK)
  for (let start = Atomics.add(share.next, 0, BATCH); start < total; start = Atomics.add(share.next, 0, BATCH)) {
    for (let index = start; index < Math.min(start + BATCH, total); index++) {
      const relative = share.paths[index] as string
      if (folders.problem(relative) !== undefined) continue
      const file = share.prefix + relative
      let fd: number | undefined
      try {
        let size: number
        let read = 0
        if (chunk.length === 0) chunk = scanner.load(CHUNK)
        if (share.openFirst) {
          fd = files.openSync(file, share.openFlags)
          read = files.readSync(fd, chunk, 0, CHUNK, 0)
          size = read
          if (read === 0 || read === CHUNK) {
            const stats = files.fstatSync(fd)
            if (!stats.isFile()) continue
            size = stats.size
          }
        } else {
          // Where O_NOFOLLOW is missing, lstat first: a symlink must never be opened.
          const stats = files.lstatSync(file, NO_THROW)
          if (stats === undefined || !stats.isFile()) continue
          size = stats.size
        }
        share.sizes[index] = size
        share.status[index] = 1
        if (size > share.maxBytes) continue
        fd ??= files.openSync(file, share.openFlags)
        if (size < read) continue
        // The first chunk is in place: the rest of a bigger file is read after it.
        const bytes = size > read ? scanner.load(size) : scanner.loaded(size)
        if (size > read && files.readSync(fd, bytes, read, size - read, read) !== size - read) continue
        // A NUL in the first 8000 bytes makes it binary (git's test); indexOf allocates no view, as subarray would.
        const nul = bytes.indexOf(0)
        if (nul !== -1 && nul < SNIFF_BYTES) continue
        if (!hasKeyword(bytes)) share.status[index] = 2
      } catch (error) {
        // Left as classified so far: the caller looks again (open, pread or lstat failed) or reads the file again and reports why it could not.
        if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error
      } finally {
        if (fd !== undefined) files.closeSync(fd)
      }
    }
  }
}
