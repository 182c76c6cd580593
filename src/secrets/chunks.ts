import { detectSecrets, type SecretFinding } from './detect.js'

/** Reads `length` bytes of a file from `position` (fewer at its end). */
export type ChunkReader = (position: number, length: number) => Buffer

/** Options of `detectSecretsInChunks`; tests shrink the chunks. */
export interface ChunkOptions {
  chunkBytes?: number
  /** Bytes each chunk shares with the next, longer than any secret (a 4096-bit RSA key is ~3.3 KB). */
  overlapBytes?: number
}

const CHUNK_BYTES = 1024 * 1024
const OVERLAP_BYTES = 16 * 1024

/**
 * Whether a sample reads as text although git would call it binary: at most 1% control bytes (a stray
 * NUL from a bad paste or an editor), where compressed or encoded binaries have about 10%.
 */
export function isMostlyText(sample: Uint8Array): boolean {
  let control = 0
  for (const byte of sample) if (byte < 9 || (byte > 13 && byte < 32 && byte !== 27)) control++
  return control <= Math.max(2, sample.length / 100)
}

/**
 * Scans a file of any size in chunks that overlap, so a secret across a chunk boundary is still found;
 * lines and columns are the file's own. NUL bytes read as spaces.
 */
export async function detectSecretsInChunks(read: ChunkReader, size: number, filePath: string, options: ChunkOptions = {}): Promise<SecretFinding[]> {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES
  const overlapBytes = Math.min(options.overlapBytes ?? OVERLAP_BYTES, Math.floor(chunkBytes / 2))
  const findings = new Map<string, SecretFinding>()
  let start = 0
  let linesBefore = 0
  // Bytes between the last newline and `start`, when a chunk has to start inside a (very long) line.
  let columnShift = 0
  while (start < size) {
    const bytes = read(start, Math.min(chunkBytes, size - start))
    if (bytes.length === 0) break
    const text = bytes.toString('utf8').replaceAll('\0', ' ')
    for (const finding of await detectSecrets(text, filePath)) {
      const line = linesBefore + finding.line
      const column = finding.line === 1 ? finding.column + columnShift : finding.column
      findings.set(`${finding.ruleId}:${line}:${column}`, { ...finding, line, column })
    }
    if (start + bytes.length >= size) break
    // The next chunk starts at a line start inside the overlap, else (one huge line) mid-line.
    const windowStart = bytes.length - overlapBytes
    const newline = bytes.lastIndexOf(0x0a, windowStart)
    const next = newline >= windowStart / 2 ? newline + 1 : windowStart
    const skipped = bytes.subarray(0, next)
    const newlines = countNewlines(skipped)
    linesBefore += newlines
    columnShift = newlines > 0 ? next - 1 - skipped.lastIndexOf(0x0a) : columnShift + next
    start += next
  }
  return [...findings.values()].sort((a, b) => a.line - b.line || a.column - b.column)
}

function countNewlines(bytes: Buffer): number {
  let count = 0
  for (let index = bytes.indexOf(0x0a); index !== -1; index = bytes.indexOf(0x0a, index + 1)) count++
  return count
}
