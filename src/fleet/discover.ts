import fsp from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from '../errors.js'

/** A repository to scan: where it is, and the name it gets in the fleet document. */
export interface FleetTarget {
  name: string
  dir: string
}

// Clones of an organisation sit one or two levels down (owner/repo); deeper folders are source trees.
const MAX_DEPTH = 3
const SKIPPED = new Set(['node_modules', '.venv', 'venv', '__pycache__'])

async function isRepository(dir: string): Promise<boolean> {
  for (const marker of ['.git', '.opsmith.json']) {
    if (await fsp.lstat(path.join(dir, marker)).then(() => true, () => false)) return true
  }
  return false
}

/** Every repository at or below `root` (a `.git` or `.opsmith.json` marks one); symlinks are never followed. */
export async function discoverRepositories(root: string): Promise<FleetTarget[]> {
  const stats = await fsp.lstat(root).catch(() => undefined)
  if (!stats?.isDirectory()) throw new UsageError(`Not a folder: ${root}.`)
  const found: FleetTarget[] = []
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (await isRepository(dir)) {
      found.push({ name: path.relative(root, dir).split(path.sep).join('/') || path.basename(dir), dir })
      return
    }
    if (depth >= MAX_DEPTH) return
    const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED.has(entry.name)) await walk(path.join(dir, entry.name), depth + 1)
    }
  }
  await walk(root, 0)
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Repositories named in a list file: one path a line (relative to the file), `#` comments and blank lines ignored. */
export async function readRepositoryList(file: string): Promise<FleetTarget[]> {
  const text = await fsp.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read the repository list ${file}: ${error.code ?? error.message}.`, { cause: error })
  })
  const base = path.dirname(path.resolve(file))
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'))
  return lines.map((line) => ({ name: line.replace(/\/+$/, ''), dir: path.resolve(base, line) }))
}
