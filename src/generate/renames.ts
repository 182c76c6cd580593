import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError } from '../errors.js'
import { listFiles } from './manifest.js'

// npm drops .gitignore from tarballs, so templates store it as _gitignore (create-vite's convention).
const RENAMED_ON_WRITE: Record<string, string> = { _gitignore: '.gitignore' }

/** The name a rendered file ends up with: `.hbs` stripped where node-plop left it, `_gitignore` -> `.gitignore`. */
export function finalPath(file: string, unstripped: boolean): string {
  const posix = file.split(path.sep).join('/')
  const name = path.posix.basename(posix)
  const stripped = unstripped ? name.replace(/\.hbs$/, '') : name
  return path.posix.join(path.posix.dirname(posix), RENAMED_ON_WRITE[stripped] ?? stripped)
}

/**
 * Final file names: `.hbs` removed where node-plop left it (names without another extension, e.g.
 * Makefile.hbs), and `_gitignore` renamed to `.gitignore` (npm drops .gitignore from tarballs).
 */
export async function applyRenames(root: string, unstripped: string[]): Promise<void> {
  const pending = new Set(unstripped.map((file) => file.split(path.sep).join('/')))
  for (const file of await listFiles(root)) {
    const renamed = path.posix.basename(finalPath(file, pending.has(file)))
    const name = path.posix.basename(file)
    if (renamed === name) continue
    const from = path.join(root, file)
    const to = path.join(path.dirname(from), renamed)
    const exists = await fsp.lstat(to).then(() => true, () => false)
    if (exists) throw new ToolError('failed', `Template renders both ${file} and ${path.posix.join(path.posix.dirname(file), renamed)}.`)
    await fsp.rename(from, to)
  }
}
