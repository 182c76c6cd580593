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
  /** The caller's FolderChain for these paths (same prefix), so that folders it looks at later are looked at once. */
  folders?: FolderChain
}

/** What `prescanFiles` found for each path, by index. */
export interface Prescan {
  /** PRESCAN_FILE or PRESCAN_CLEAR for a regular file; PRESCAN_UNKNOWN for anything else, for the caller to classify. */
  status: Uint8Array
  /** Size in bytes of each regular file, from the fstat (or lstat) that classified it. */
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
  /** Set to 1 once `blocked` is complete: threads take no batch before. */
  ready: Int32Array
  /** 1 for a path with a symlink (or a file) on its way: never opened, left UNKNOWN (see FolderChain). */
  blocked: Uint8Array
  status: Uint8Array
  sizes: Float64Array
  maxBytes: number
  /** open(2) flags: read-only, and where the platform has them, no blocking, no following a symlink, no terminal. */
  openFlags: number
  /** Whether a path is opened before it is classified (fstat on the open file): only where a symlink cannot be followed. */
  openFirst: boolean
}

type SyncFs = Pick<typeof fs, 'lstatSync' | 'fstatSync' | 'openSync' | 'readSync' | 'closeSync'>

/**
 * Classifies each path as `lstat` does and, for regular text files of at most `maxBytes`, reads them once and marks
 * those the secret detectors have nothing to do with (no keyword). One pass per file (open, fstat, read, close), on
 * this thread and on worker threads that take batches from one shared counter, so a big repository's listing and
 * prefilter use every core and each file is opened once; a worker that starts late (or fails) only does less.
 * Anything but a regular file stays PRESCAN_UNKNOWN for the caller, and is never read: a symlink is not followed
 * (O_NOFOLLOW fails on it), a path with a symlink on its way is not opened at all (FolderChain), and a FIFO is
 * opened without waiting for a writer (O_NONBLOCK) and closed at once.
 */
export async function prescanFiles(paths: string[], options: PrescanOptions): Promise<Prescan> {
  const share: Share = {
    paths,
    prefix: options.prefix ?? '',
    next: new Int32Array(new SharedArrayBuffer(4)),
    ready: new Int32Array(new SharedArrayBuffer(4)),
    blocked: new Uint8Array(new SharedArrayBuffer(paths.length)),
    status: new Uint8Array(new SharedArrayBuffer(paths.length)),
    sizes: new Float64Array(new SharedArrayBuffer(paths.length * 8)),
    maxBytes: options.maxBytes,
    openFlags: fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NOCTTY ?? 0),
    openFirst: fs.constants.O_NOFOLLOW !== undefined && fs.constants.O_NONBLOCK !== undefined,
  }
  const workers = Array.from({ length: options.workers ?? Math.min(3, availableParallelism() - 1) }, () => startWorker(share))
  // The folders are looked at while the threads start (they wait for it): the lstats cost the run about half of
  // their time instead of all of it.
  try {
    const folders = options.folders ?? new FolderChain(share.prefix)
    for (let index = 0; index < paths.length; index++) if (folders.problem(paths[index] as string) !== undefined) share.blocked[index] = 1
  } finally {
    Atomics.store(share.ready, 0, 1)
    Atomics.notify(share.ready, 0)
  }
  // The secrets rule scans with the same instance afterwards.
  const scanner = gateScanner()
  prescanShare(share, scanner, (bytes) => scanGates(scanner, PREFILTER.entriesByGate, bytes, 1).length > 0, fs)
  await Promise.all(workers)
  return { status: share.status, sizes: share.sizes }
}

// A worker runs the same three functions as this thread, from their source (each refers to nothing outside
// itself): no separate file to bundle or resolve.
const WORKER_SOURCE = [
  "const { workerData } = require('node:worker_threads')",
  createGateScanner.toString(),
  scanGates.toString(),
  prescanShare.toString(),
  `const scanner = ${createGateScanner.name}(workerData.table, workerData.followers, workerData.after)`,
  `${prescanShare.name}(workerData.share, scanner, (bytes) => ${scanGates.name}(scanner, workerData.entriesByGate, bytes, 1).length > 0, require('node:fs'))`,
].join('\n')

function startWorker(share: Share): Promise<void> {
  return new Promise((resolve, reject) => {
    // A lean thread: the environment shared, not copied; nothing to pipe (it prints nothing; an error comes as an
    // event); and no tracking of the files it opens, which it closes itself (Node otherwise books every open).
    const worker = new Worker(WORKER_SOURCE, { eval: true, env: SHARE_ENV, stdout: true, stderr: true, trackUnmanagedFds: false, workerData: { share, table: PREFILTER.table, followers: PREFILTER.followers, after: PREFILTER.after, entriesByGate: PREFILTER.entriesByGate } })
    worker.once('error', reject)
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The prefilter worker exited with code ${code}.`))))
  })
}

/** Takes batches until none are left (workers run its source, so it refers to nothing outside itself). */
export function prescanShare(share: Share, scanner: GateScanner, hasKeyword: (bytes: Buffer) => boolean, files: SyncFs): void {
  const BATCH = 32
  const SNIFF_BYTES = 8000
  const NO_THROW = { throwIfNoEntry: false }
  const total = share.paths.length
  // A worker thread waits here until this thread has looked at the folders (see FolderChain).
  if (Atomics.load(share.ready, 0) === 0) Atomics.wait(share.ready, 0, 0)
  for (let start = Atomics.add(share.next, 0, BATCH); start < total; start = Atomics.add(share.next, 0, BATCH)) {
    for (let index = start; index < Math.min(start + BATCH, total); index++) {
      if (share.blocked[index] === 1) continue
      const file = share.prefix + (share.paths[index] as string)
      let fd: number | undefined
      try {
        // Opened, then classified by fstat, which spares lstat walking the path again (a third of the CPU a file
        // costs here). Where O_NOFOLLOW is missing, lstat first: a symlink must never be opened.
        if (share.openFirst) fd = files.openSync(file, share.openFlags)
        const stats = fd === undefined ? files.lstatSync(file, NO_THROW) : files.fstatSync(fd)
        if (stats === undefined || !stats.isFile()) continue
        const size = stats.size
        share.sizes[index] = size
        share.status[index] = 1
        if (size > share.maxBytes) continue
        fd ??= files.openSync(file, share.openFlags)
        const bytes = scanner.load(size)
        if (files.readSync(fd, bytes, 0, size, 0) !== size) continue
        // A NUL in the first 8000 bytes makes it binary (git's test); indexOf allocates no view, as subarray would.
        const nul = bytes.indexOf(0)
        if (nul !== -1 && nul < SNIFF_BYTES) continue
        if (!hasKeyword(bytes)) share.status[index] = 2
      } catch (error) {
        // Left as classified so far: the caller looks again (open or lstat failed) or reads the file again and reports why it could not.
        if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error
      } finally {
        if (fd !== undefined) files.closeSync(fd)
      }
    }
  }
}
