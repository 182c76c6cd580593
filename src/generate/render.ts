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
  await runGenerator(generator, context, { trust: options.trust })
  await applyRenames(generator.destBasePath)
  return listFiles(generator.destBasePath)
}

/**
 * Final file names: node-plop strips `.hbs` only when another extension remains (README.md.hbs), so
 * Makefile.hbs and _gitignore.hbs keep it; npm drops .gitignore from tarballs, hence _gitignore.
 */
async function applyRenames(root: string): Promise<void> {
  for (const file of await listFiles(root)) {
    const base = path.posix.basename(file).replace(/\.hbs$/, '')
    const renamed = RENAMED_ON_WRITE[base] ?? base
    if (renamed === path.posix.basename(file)) continue
    const from = path.join(root, file)
    const to = path.join(path.dirname(from), renamed)
    const exists = await fsp.lstat(to).then(() => true, () => false)
    if (exists) throw new ToolError('failed', `Template renders both ${file} and ${path.posix.join(path.posix.dirname(file), renamed)}.`)
    await fsp.rename(from, to)
  }
}
