import path from 'node:path'
import tar from 'tar-stream'
import { getDocker } from './docker.js'

/** What `verify` needs from an image's exported filesystem, gathered in one pass over the tar. */
export interface FilesystemScan {
  /** Regular files with the setuid or setgid bit. */
  setuidFiles: string[]
  /** Every path present, absolute, for existence checks (shells, package managers, .git, .env). */
  paths: Set<string>
  /** Text of small files outside the system trees, to run the secret detector over. */
  textFiles: Map<string, string>
  /** /etc/passwd, for resolving a user name to its UID. */
  passwd: string
  /** Packages dpkg knows: /var/lib/dpkg/status records plus distroless status.d files. */
  packageCount: number
}

// Debian-owned trees: scanning them for secrets finds test fixtures of libraries, not leaks.
const SYSTEM_PREFIXES = ['usr/lib/', 'usr/lib64/', 'usr/share/', 'usr/include/', 'usr/bin/', 'usr/sbin/', 'usr/libexec/', 'lib/', 'lib64/', 'bin/', 'sbin/', 'var/lib/dpkg/', 'var/lib/apt/', 'var/cache/', 'var/log/', 'etc/ssl/', 'boot/', 'proc/', 'sys/', 'dev/']
const MAX_TEXT_BYTES = 256 * 1024
const BINARY_EXTENSIONS = new Set(['.pyc', '.so', '.a', '.o', '.gz', '.xz', '.zst', '.zip', '.whl', '.npy', '.npz', '.pkl', '.joblib', '.png', '.jpg'])

/** Exports the image's filesystem through a created (never started) container and scans it. */
export async function scanImageFilesystem(image: string, labels: Record<string, string>): Promise<FilesystemScan> {
  const container = await getDocker().createContainer({ Image: image, Cmd: ['/verify-export'], Entrypoint: [], Labels: labels })
  try {
    return await scanTar((await container.export()) as unknown as NodeJS.ReadableStream)
  } finally {
    await container.remove({ force: true })
  }
}

export async function scanTar(archive: NodeJS.ReadableStream): Promise<FilesystemScan> {
  const scan: FilesystemScan = { setuidFiles: [], paths: new Set(), textFiles: new Map(), passwd: '', packageCount: 0 }
  const extract = tar.extract()
  archive.pipe(extract)
  for await (const entry of extract) {
    const name = entry.header.name.replace(/^\.?\/+/, '').replace(/\/+$/, '')
    scan.paths.add(`/${name}`)
    if (entry.header.type === 'file' && ((entry.header.mode ?? 0) & 0o6000) !== 0) scan.setuidFiles.push(`/${name}`)
    if (name.startsWith('var/lib/dpkg/status.d/') && entry.header.type === 'file') scan.packageCount += 1
    if (entry.header.type === 'file' && wantsContent(name, entry.header.size ?? 0)) {
      const content = await readEntry(entry)
      if (name === 'etc/passwd') scan.passwd = content
      if (name === 'var/lib/dpkg/status') scan.packageCount += (content.match(/^Status: install ok installed$/gm) ?? []).length
      if (!SYSTEM_PREFIXES.some((prefix) => name.startsWith(prefix)) && !content.slice(0, 4096).includes('\0')) {
        scan.textFiles.set(`/${name}`, content)
      }
    } else entry.resume()
  }
  return scan
}

function wantsContent(name: string, size: number): boolean {
  if (name === 'etc/passwd' || name === 'var/lib/dpkg/status') return true
  return size <= MAX_TEXT_BYTES && !BINARY_EXTENSIONS.has(path.extname(name)) && !SYSTEM_PREFIXES.some((prefix) => name.startsWith(prefix))
}

async function readEntry(entry: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of entry) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
