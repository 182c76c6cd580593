import fs from 'node:fs/promises'
import path from 'node:path'
import picomatch from 'picomatch'
import tar from 'tar-stream'

interface IgnoreRule {
  negated: boolean
  matches: (relativePath: string) => boolean
}

/**
 * Parses .dockerignore the way the Docker CLI does (not gitignore): patterns are anchored at the
 * context root, `**` spans directories, `!` re-includes, the last matching line wins, and a
 * pattern that matches a directory excludes everything below it.
 */
export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!')
      const pattern = path.posix.normalize((negated ? line.slice(1) : line).trim()).replace(/^\/+|\/+$/g, '')
      const isMatch = picomatch(pattern, { dot: true })
      const matches = (relativePath: string) => {
        const parts = relativePath.split('/')
        return parts.some((_, index) => isMatch(parts.slice(0, index + 1).join('/')))
      }
      return { negated, matches }
    })
}

export function isIgnored(rules: IgnoreRule[], relativePath: string): boolean {
  let ignored = false
  for (const rule of rules) if (rule.matches(relativePath)) ignored = !rule.negated
  return ignored
}

/**
 * A build context: `dir` packed as a tar stream, minus what its .dockerignore excludes; `replaced` gives
 * the content to send instead of a file's own (a Dockerfile rebased onto another image).
 */
export async function packContext(dir: string, dockerfile = 'Dockerfile', replaced: Record<string, string> = {}): Promise<tar.Pack> {
  const ignoreText = await fs.readFile(path.join(dir, '.dockerignore'), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return ''
    throw error
  })
  const rules = parseDockerignore(ignoreText)
  // The engine needs the Dockerfile and .dockerignore even when the file excludes them (as the CLI does).
  const alwaysSent = new Set([dockerfile, '.dockerignore'])
  const files = await listFiles(dir, '', (relative) => alwaysSent.has(relative) || !isIgnored(rules, relative))
  const pack = tar.pack()
  void writeEntries(pack, dir, files, replaced).catch((error: unknown) => pack.destroy(error as Error))
  return pack
}

async function listFiles(root: string, relative: string, keep: (relative: string) => boolean): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true })
  const kept: string[] = []
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = relative ? `${relative}/${entry.name}` : entry.name
    // Directories are walked even when ignored, since a later `!pattern` may re-include a file below.
    if (entry.isDirectory()) kept.push(...(await listFiles(root, child, keep)))
    else if (keep(child)) kept.push(child)
  }
  return kept
}

async function writeEntries(pack: tar.Pack, root: string, files: string[], replaced: Record<string, string>): Promise<void> {
  for (const relative of files) {
    const absolute = path.join(root, relative)
    const stat = await fs.lstat(absolute)
    const header = { name: relative, mode: stat.mode & 0o7777, mtime: stat.mtime, uid: 0, gid: 0 }
    const content = Object.hasOwn(replaced, relative) ? Buffer.from(replaced[relative] as string) : undefined
    if (content !== undefined) {
      pack.entry({ ...header, type: 'file', size: content.length }, content)
    } else if (stat.isSymbolicLink()) {
      pack.entry({ ...header, type: 'symlink', linkname: await fs.readlink(absolute) })
    } else if (stat.isFile()) {
      pack.entry({ ...header, type: 'file', size: stat.size }, await fs.readFile(absolute))
    }
  }
  pack.finalize()
}
