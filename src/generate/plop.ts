import path from 'node:path'
import type { NodePlopAPI, PlopGenerator } from 'node-plop'
import { ToolError, UsageError } from '../errors.js'
import { PACKAGE_ROOT } from '../paths.js'
import { planActions, type PlannedAction } from '../packs/plan.js'
import { checkActions } from '../packs/safety.js'
import { canRunDeclaratively, runDeclaratively } from './declarative.js'
import { readQuestions, type Answers, type Question } from './questions.js'
import type { TemplatePack } from '../packs/resolve.js'

/** A generator of a pack, loaded through node-plop, with its questions read for opsmith's prompts. */
export interface LoadedGenerator {
  pack: TemplatePack
  name: string
  questions: Question[]
  /** Values computed from answers (e.g. moduleName); opsmith extension of the generator config. */
  derive: (answers: Answers) => Record<string, unknown>
  plop: PlopGenerator
  api: NodePlopAPI
  destBasePath: string
}

/** Loads a pack's plopfile with node-plop; files are written under `destBasePath`. */
export async function loadGenerator(pack: TemplatePack, name: string, destBasePath: string): Promise<LoadedGenerator> {
  const { default: nodePlop } = await import('node-plop')
  let api: NodePlopAPI
  try {
    api = await nodePlop(pack.plopfile, { destBasePath, force: false })
  } catch (error) {
    throw new ToolError('usage', `Template "${pack.id}" could not be loaded from ${pack.plopfile}: ${(error as Error).message}`, { cause: error })
  }
  if (!api.getGeneratorList().some((generator) => generator.name === name)) {
    throw new UsageError(`Template "${pack.id}" has no "${name}" generator.`)
  }
  const generator = api.getGenerator(name)
  const config = generator as unknown as { prompts: unknown; derive?: (answers: Answers) => Record<string, unknown> }
  return {
    pack,
    name,
    questions: readQuestions(name, config.prompts),
    derive: config.derive ?? (() => ({})),
    plop: generator,
    api,
    destBasePath,
  }
}

/**
 * Runs the generator's actions with the answers. Declarative generators (the norm) are rendered by
 * opsmith's parallel executor with node-plop's semantics; any other action goes through node-plop, whose
 * `runActions` reports failures in `failures` instead of throwing, so each one becomes an error here.
 * Returns the written paths that still end in `.hbs` because node-plop only strips it when another
 * extension remains (Makefile.hbs); the caller renames them.
 */
export async function runGenerator(generator: LoadedGenerator, data: Record<string, unknown>, options: { trust?: boolean } = {}): Promise<string[]> {
  const { actions } = generator.plop as unknown as { actions: unknown }
  const list = typeof actions === 'function' ? (actions as (answers: unknown) => unknown)(data) : actions
  if (!Array.isArray(list)) throw new UsageError(`Generator "${generator.name}" of "${generator.pack.id}" has no actions array.`)
  const plopfileDir = path.dirname(generator.pack.plopfile)
  const planned = planActions(list, data, { renderString: generator.api.renderString, plopfileDir })
  checkActions(planned, {
    destination: generator.destBasePath,
    packRoot: generator.pack.builtIn ? PACKAGE_ROOT : generator.pack.dir,
    trust: generator.pack.builtIn || options.trust === true,
  })
  const failed = `Template "${generator.pack.id}" failed in its "${generator.name}" generator.`
  if (canRunDeclaratively(planned)) {
    // node-plop's API passes its handlebars instance through (`plop.handlebars`); its typings omit it.
    const { handlebars } = generator.api as unknown as { handlebars: { helpers: Record<string, unknown> } }
    const isHelper = (name: string) => generator.api.getHelper(name) !== undefined || name in handlebars.helpers
    await runDeclaratively(planned, data, { destination: generator.destBasePath, plopfileDir, renderString: generator.api.renderString, isHelper }).catch((error: Error) => {
      throw new ToolError('failed', failed, { cause: error, details: [error.message] })
    })
  } else {
    const result = await generator.plop.runActions(data)
    if (result.failures.length > 0) {
      const details = result.failures.map((failure) => `${failure.type || 'action'} ${failure.path || ''}: ${String(failure.error)}`.trim())
      throw new ToolError('failed', failed, { details })
    }
  }
  return unstrippedOutputs(planned)
}

function unstrippedOutputs(planned: PlannedAction[]): string[] {
  return planned
    .filter((action) => action.type === 'addMany' && action.config.stripExtensions === undefined)
    .flatMap((action) => action.outputs)
    .filter(({ source, destination }) => {
      const name = path.basename(source ?? '')
      return destination.endsWith('.hbs') && path.extname(name.slice(0, -4)) === '' && !name.startsWith('.')
    })
    .map(({ destination }) => path.normalize(destination))
}
