import fsp from 'node:fs/promises'
import path from 'node:path'
import { resolveAnswers } from '../generate/answers.js'
import { recordableAnswers } from '../generate/manifest.js'
import { loadGenerator } from '../generate/plop.js'
import type { Answers } from '../generate/questions.js'
import { renderProject } from '../generate/render.js'
import type { TemplatePack } from '../packs/resolve.js'
import type { ProjectRecord } from '../record/index.js'

/** A pack version rendered in memory: each file's content, and the answers it was rendered with. */
export interface RecordedRendering {
  files: Map<string, Buffer>
  answers: Answers
}

/**
 * Renders a pack version into `dir` from the project's recorded answers (answers to questions the version no
 * longer asks are dropped; questions it added take their defaults), as update and diff both need; `set` overrides them.
 */
export async function renderRecorded(pack: TemplatePack, manifest: ProjectRecord, dir: string, options: { opsmithVersion: string; trust?: boolean; set?: Record<string, string> }): Promise<RecordedRendering> {
  const generator = await loadGenerator(pack, 'project', dir, { trust: options.trust })
  const known = new Set(generator.questions.map((question) => question.name))
  const recorded = Object.fromEntries(Object.entries(manifest.answers ?? {}).filter(([name]) => known.has(name)))
  // `set` changes answers (update --set): checked against this version's questions like `new --set`.
  const answers = await resolveAnswers(generator.questions, { useDefaults: true, file: recorded, set: options.set })
  const files = await renderProject(generator, answers, { trust: options.trust, opsmithVersion: options.opsmithVersion })
  const contents = await Promise.all(files.map((file) => fsp.readFile(path.join(dir, file))))
  return { files: new Map(files.map((file, index) => [file, contents[index] as Buffer])), answers: recordableAnswers(generator.questions, answers) }
}
