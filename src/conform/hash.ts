import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'

// 4 MiB chunks: Node's default 64 KiB read size costs ~40% of throughput on GB-sized artifacts
// (one syscall and one JS->OpenSSL call per chunk).
const CHUNK_BYTES = 4 * 1024 * 1024

/**
 * sha256 hex digest of a file. A file of at most one chunk (the template's managed files, a few KB each) is read
 * in one synchronous call into a buffer of its size; a larger one (multi-GB model artifacts) is read chunk by chunk
 * into one reused buffer, so memory stays flat.
 */
export async function sha256File(absolutePath: string): Promise<string> {
  const fd = openSync(absolutePath, 'r')
  let size: number
  try {
    size = fstatSync(fd).size
    if (size <= CHUNK_BYTES) return sha256Small(fd, size)
  } finally {
    closeSync(fd)
  }
  return sha256Large(absolutePath)
}

function sha256Small(fd: number, size: number): string {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(Math.max(size, 1))
  // Read to the end, not to `size`: the file may have grown since fstat.
  for (let read = readSync(fd, buffer, 0, buffer.length, null); read > 0; read = readSync(fd, buffer, 0, buffer.length, null)) {
    hash.update(buffer.subarray(0, read))
  }
  return hash.digest('hex')
}

async function sha256Large(absolutePath: string): Promise<string> {
  const hash = createHash('sha256')
  const handle = await open(absolutePath, 'r')
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    for (let { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null); bytesRead > 0; { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null)) {
      hash.update(buffer.subarray(0, bytesRead))
    }
  } finally {
    await handle.close()
  }
  return hash.digest('hex')
}
