import os from 'node:os'
import { loadGenerator } from './plop.js'
import { questionsToJsonSchema, type Question } from './questions.js'
import { resolvePack, type TemplatePack } from '../packs/resolve.js'

/** The JSON Schema of a template generator's answers (`opsmith new --schema`). Writes nothing. */
export async function describeTemplateSchema(template?: string | TemplatePack, generatorName = 'project', cwd?: string, trust = false): Promise<object> {
  const pack = typeof template === 'object' ? template : await resolvePack(template, cwd)
  // Loading never writes; the destination only has to be a path.
  const generator = await loadGenerator(pack, generatorName, os.tmpdir(), { trust })
  return questionsToJsonSchema(pack.id, pack.version, generator.questions)
}

/** The questions of a template's project generator, e.g. to ask for the project name before anything else. */
export async function loadProjectQuestions(template?: string | TemplatePack, cwd?: string, trust = false): Promise<Question[]> {
  const pack = typeof template === 'object' ? template : await resolvePack(template, cwd)
  return (await loadGenerator(pack, 'project', os.tmpdir(), { trust })).questions
}
