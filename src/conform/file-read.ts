import { closeSync, openSync, readSync } from 'node:fs'

/** Bytes git itself looks at to call a file binary (a NUL byte among them). */
export const BINARY_SNIFF_BYTES = 8000

/** A text file's bytes, or why there are none: binary (not worth reporting) or skipped (reported). */
export type ReadResult = { bytes: Buffer } | { binary: true } | { skipped: string }

/**
 * Reads a file synchronously: for thousands of small files about 3x faster than fs.promises (no
 * thread-pool round trips). `size` comes from the listing's lstat, saving an fstat per file; a
 * file over `maxBytes` is only sniffed, so a multi-GB artifact costs one 8 KB read. With `scratch` (large
 * enough), the bytes are read into it and valid only until the next read: a scan of 20,000 files then
 * allocates nothing per file, which keeps the garbage collector out of the loop.
 */
export function readFileBytes(absolute: string, size: number, maxBytes: number, scratch?: Buffer): ReadResult {
  let fd: number | undefined
  try {
    fd = openSync(absolute, 'r')
    const length = size > maxBytes ? BINARY_SNIFF_BYTES : size
    const buffer = scratch && scratch.length >= length ? scratch.subarray(0, length) : Buffer.allocUnsafe(length)
    const bytes = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0))
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { binary: true }
    return size > maxBytes ? { skipped: `larger than ${maxBytes} bytes` } : { bytes }
  } catch (error) {
    return { skipped: `unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})` }
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Up to `length` bytes from `position` (fewer at the end of the file); for scans in chunks. */
export function readFileRange(absolute: string, position: number, length: number): Buffer {
  const fd = openSync(absolute, 'r')
  try {
    const buffer = Buffer.allocUnsafe(length)
    return buffer.subarray(0, readSync(fd, buffer, 0, length, position))
  } finally {
    closeSync(fd)
  }
}
