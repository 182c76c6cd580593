import * as fs from 'node:fs'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { createGateScanner, type GateScanner } from './gate-scan.js'
import { PREFILTER, scanGates } from './keywords.js'

/** Options of `findClearFiles`. */
export interface ClearFilesOptions {
  /** Largest file read whole; larger ones are left undecided. */
  maxBytes: number
  /** Worker threads besides this one (default: one fewer than the cores, at most 3). */
  workers?: number
}

/** The files to check and the shared state every thread works on. */
interface Share {
  paths: string[]
  sizes: number[]
  /** Index of the next batch nobody has taken yet. */
  next: Int32Array
  /** 1 where the file is text of its listed size and holds no keyword. */
  clear: Uint8Array
  maxBytes: number
}

type SyncFs = Pick<typeof fs, 'openSync' | 'readSync' | 'closeSync'>

/**
 * Marks the files the secret detectors have nothing to do with: text (no NUL byte in the first 8000
 * bytes, as git decides) of the size listed, in which no detector's keyword occurs. This thread and the
 * worker threads take batches of files from one shared counter, so the reads and the prefilter use every
 * core, and a worker that starts late (or fails) only does less. Files left unmarked (larger than
 * `maxBytes`, binary, unreadable, candidates) are for the caller to read and report as before.
 */
export async function findClearFiles(paths: string[], sizes: number[], options: ClearFilesOptions): Promise<Uint8Array> {
  const share: Share = {
    paths,
    sizes,
    next: new Int32Array(new SharedArrayBuffer(4)),
    clear: new Uint8Array(new SharedArrayBuffer(paths.length)),
    maxBytes: options.maxBytes,
  }
  const workers = Array.from({ length: options.workers ?? Math.min(3, availableParallelism() - 1) }, () => startWorker(share))
  const scanner = createGateScanner(PREFILTER.table)
  clearShare(share, scanner, (bytes) => scanGates(scanner, PREFILTER.entriesByGate, bytes, 1).length > 0, fs)
  await Promise.all(workers)
  return share.clear
}

// A worker runs the same three functions as this thread, from their source (each refers to nothing outside
// itself): no separate file to bundle or resolve.
const WORKER_SOURCE = [
  "const { workerData } = require('node:worker_threads')",
  createGateScanner.toString(),
  scanGates.toString(),
  clearShare.toString(),
  `const scanner = ${createGateScanner.name}(workerData.table)`,
  `${clearShare.name}(workerData.share, scanner, (bytes) => ${scanGates.name}(scanner, workerData.entriesByGate, bytes, 1).length > 0, require('node:fs'))`,
].join('\n')

function startWorker(share: Share): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { share, table: PREFILTER.table, entriesByGate: PREFILTER.entriesByGate } })
    worker.once('error', reject)
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The prefilter worker exited with code ${code}.`))))
  })
}

/** Takes batches until none are left (workers run its source, so it refers to nothing outside itself). */
export function clearShare(share: Share, scanner: GateScanner, hasKeyword: (bytes: Buffer) => boolean, files: SyncFs): void {
  const BATCH = 32
  const SNIFF_BYTES = 8000
  const total = share.paths.length
  for (let start = Atomics.add(share.next, 0, BATCH); start < total; start = Atomics.add(share.next, 0, BATCH)) {
    for (let index = start; index < Math.min(start + BATCH, total); index++) {
      const size = share.sizes[index] as number
      if (size > share.maxBytes) continue
      let fd: number | undefined
      try {
        fd = files.openSync(share.paths[index] as string, 'r')
        const bytes = scanner.load(size)
        if (files.readSync(fd, bytes, 0, size, 0) !== size || bytes.subarray(0, SNIFF_BYTES).includes(0)) continue
        if (!hasKeyword(bytes)) share.clear[index] = 1
      } catch (error) {
        // Left unmarked: the caller reads the file again and reports why it could not.
        if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error
      } finally {
        if (fd !== undefined) files.closeSync(fd)
      }
    }
  }
}
