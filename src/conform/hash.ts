import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

// 4 MiB chunks: Node's default 64 KiB read size costs ~40% of throughput on GB-sized artifacts
// (one syscall and one JS->OpenSSL call per chunk).
const CHUNK_BYTES = 4 * 1024 * 1024

/** sha256 hex digest of a file, streamed so memory stays flat for multi-GB model artifacts. */
export async function sha256File(absolutePath: string): Promise<string> {
  const hash = createHash('sha256')
  const stream = createReadStream(absolutePath, { highWaterMark: CHUNK_BYTES })
  for await (const chunk of stream) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
