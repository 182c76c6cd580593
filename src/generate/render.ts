import { listFiles } from './manifest.js'
import { runGenerator, type LoadedGenerator } from './plop.js'
import type { Answers } from './questions.js'

export { applyRenames } from './renames.js'

export interface RenderOptions {
  trust?: boolean
  /** The opsmith version the templates pin (e.g. in the conform workflow); the recorded one when re-rendering. */
  opsmithVersion: string
}

/** Renders a loaded `project` generator into its destination folder; returns the sorted file list. */
export async function renderProject(generator: LoadedGenerator, answers: Answers, options: RenderOptions): Promise<string[]> {
  const context = { ...answers, ...generator.derive(answers), opsmithVersion: options.opsmithVersion, templateVersion: generator.pack.version }
  await runGenerator(generator, context, { trust: options.trust })
  return listFiles(generator.destBasePath)
}
