import os from 'node:os'
import { loadGenerator } from './plop.js'
import { questionsToJsonSchema } from './questions.js'
import { resolvePack } from '../packs/resolve.js'

/** The JSON Schema of a template generator's answers (`opsmith new --schema`). Writes nothing. */
export async function describeTemplateSchema(templateId?: string, generatorName = 'project'): Promise<object> {
  const pack = await resolvePack(templateId)
  // Loading never writes; the destination only has to be a path.
  const generator = await loadGenerator(pack, generatorName, os.tmpdir())
  return questionsToJsonSchema(pack.id, pack.version, generator.questions)
}
