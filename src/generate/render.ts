import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError } from '../errors.js'
import { listFiles } from './manifest.js'
import { runGenerator, type LoadedGenerator } from './plop.js'
import type { Answers } from './questions.js'

// npm drops .gitignore from tarballs, so templates store it as _gitignore (create-vite's convention).
const RENAMED_ON_WRITE: Record<string, string> = { _gitignore: '.gitignore' }

export interface RenderOptions {
  trust?: boolean
  /** The opsmith version the templates pin (e.g. in the conform workflow); the recorded one when re-rendering. */
  opsmithVersion: string
}

/** Renders a loaded `project` generator into its destination folder; returns the sorted file list. */
export async function renderProject(generator: LoadedGenerator, answers: Answers, options: RenderOptions): Promise<string[]> {
  const context = { ...answers, ...generator.derive(answers), opsmithVersion: options.opsmithVersion, templateVersion: generator.pack.version }
  const unstripped = await runGenerator(generator, context, { trust: options.trust })
  await applyRenames(generator.destBasePath, unstripped)
  return listFiles(generator.destBasePath)
}

/**
 * Final file names: `.hbs` removed where node-plop left it (names without another extension, e.g.
 * Makefile.hbs), and `_gitignore` renamed to `.gitignore` (npm drops .gitignore from tarballs).
 */
export async function applyRenames(root: string, unstripped: string[]): Promise<void> {
  const pending = new Set(unstripped.map((file) => file.split(path.sep).join('/')))
  for (const file of await listFiles(root)) {
    const name = path.posix.basename(file)
    const stripped = pending.has(file) ? name.replace(/\.hbs$/, '') : name
    const renamed = RENAMED_ON_WRITE[stripped] ?? stripped
    if (renamed === name) continue
    const from = path.join(root, file)
    const to = path.join(path.dirname(from), renamed)
    const exists = await fsp.lstat(to).then(() => true, () => false)
    if (exists) throw new ToolError('failed', `Template renders both ${file} and ${path.posix.join(path.posix.dirname(file), renamed)}.`)
    await fsp.rename(from, to)
  }
}
