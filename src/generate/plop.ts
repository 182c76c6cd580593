import fsp from 'node:fs/promises'
import path from 'node:path'
import type { NodePlopAPI, PlopGenerator } from 'node-plop'
import { ToolError, UsageError } from '../errors.js'
import { PACKAGE_ROOT } from '../paths.js'
import { planActions, type PlannedAction } from './plan.js'
import { checkActions } from './safety.js'
import { isDataGenerators, readDataGenerators } from '../packs/data-generators.js'
import { canRunDeclaratively, runDeclaratively } from './declarative.js'
import { readQuestions, type Answers, type Question } from './questions.js'
import { applyRenames, finalPath } from './renames.js'
import { packLayers } from '../packs/layers.js'
import type { TemplatePack } from '../packs/resolve.js'

/** One layer's generator of a given name, as node-plop loaded it. */
export interface GeneratorLayer {
  pack: TemplatePack
  plop: PlopGenerator
  api: NodePlopAPI
  questions: Question[]
  derive: (answers: Answers) => Record<string, unknown>
}

/**
 * A generator of a pack, loaded through node-plop, with its questions read for opsmith's prompts. A pack that
 * extends others contributes one layer per pack that has the generator, root first; `plop` and `api` are the
 * nearest layer's.
 */
export interface LoadedGenerator {
  pack: TemplatePack
  name: string
  questions: Question[]
  /** Values computed from answers (e.g. moduleName); opsmith extension of the generator config. */
  derive: (answers: Answers) => Record<string, unknown>
  plop: PlopGenerator
  api: NodePlopAPI
  destBasePath: string
  layers: GeneratorLayer[]
}

/** Options of `loadGenerator`. */
export interface LoadOptions {
  /** `--trust`: a pack outside opsmith may run its JavaScript plopfile. */
  trust?: boolean
}

/**
 * Loads a pack's generators (and its parents') into node-plop; files are written under `destBasePath`. Generators
 * given as data (generators.yaml/json) are set with `setGenerator` and nothing of the pack is imported; a
 * JavaScript plopfile runs only for built-in packs or with --trust, since importing it runs its code.
 */
export async function loadGenerator(pack: TemplatePack, name: string, destBasePath: string, options: LoadOptions = {}): Promise<LoadedGenerator> {
  const layers: GeneratorLayer[] = []
  for (const layer of packLayers(pack)) {
    const loaded = await loadLayer(layer, name, destBasePath, options)
    if (loaded) layers.push(loaded)
  }
  const nearest = layers.at(-1)
  if (!nearest) throw new UsageError(`Template "${pack.id}" has no "${name}" generator.`)
  return {
    pack,
    name,
    questions: layers.slice(1).reduce((merged, layer) => mergeQuestions(merged, layer), (layers[0] as GeneratorLayer).questions),
    derive: (answers) => Object.assign({}, ...layers.map((layer) => layer.derive(answers))) as Record<string, unknown>,
    plop: nearest.plop,
    api: nearest.api,
    destBasePath,
    layers,
  }
}

async function loadLayer(pack: TemplatePack, name: string, destBasePath: string, options: LoadOptions): Promise<GeneratorLayer | undefined> {
  const { default: nodePlop } = await import('node-plop')
  const data = isDataGenerators(pack.plopfile)
  if (!data && !pack.builtIn && options.trust !== true) {
    throw new UsageError(`Template "${pack.id}" defines its generators in JavaScript (${path.relative(pack.dir, pack.plopfile)}), which would run with your permissions: pass --trust if you trust this pack.`)
  }
  let api: NodePlopAPI
  try {
    if (data) {
      const generators = await readDataGenerators(pack.plopfile, pack.id)
      api = await nodePlop('', { destBasePath, force: false })
      api.setPlopfilePath(path.dirname(pack.plopfile))
      for (const [generatorName, config] of Object.entries(generators)) api.setGenerator(generatorName, config as never)
    } else api = await nodePlop(pack.plopfile, { destBasePath, force: false })
  } catch (error) {
    if (error instanceof ToolError) throw error
    throw new ToolError('usage', `Template "${pack.id}" could not be loaded from ${pack.plopfile}: ${(error as Error).message}`, { cause: error })
  }
  if (!api.getGeneratorList().some((generator) => generator.name === name)) return undefined
  const plop = api.getGenerator(name)
  const config = plop as unknown as { prompts: unknown; derive?: (answers: Answers) => Record<string, unknown> }
  return { pack, plop, api, questions: readQuestions(name, config.prompts), derive: config.derive ?? (() => ({})) }
}

const ANSWER_KIND: Record<Question['type'], string> = { input: 'text', list: 'text', confirm: 'yes/no', number: 'number' }

/**
 * A child layer's questions over its parents': the child's questions in the child's order (a question of the
 * same name replaces the parent's), after the parents' questions the child does not ask again.
 */
function mergeQuestions(parent: Question[], child: GeneratorLayer): Question[] {
  const own = new Map(child.questions.map((question) => [question.name, question]))
  for (const question of parent) {
    const override = own.get(question.name)
    if (override && ANSWER_KIND[override.type] !== ANSWER_KIND[question.type]) {
      throw new UsageError(`Template pack ${child.pack.id} asks "${question.name}" as a ${ANSWER_KIND[override.type]} question, but the pack it extends asks it as a ${ANSWER_KIND[question.type]} question: rename it or keep its type.`)
    }
  }
  return [...parent.filter((question) => !own.has(question.name)), ...child.questions]
}

/**
 * Runs the generator's actions with the answers, layer by layer (root first): a file a layer adds replaces the
 * one an earlier layer rendered at the same path. Declarative generators (the norm) are rendered by
 * opsmith's parallel executor with node-plop's semantics; any other action goes through node-plop, whose
 * `runActions` reports failures in `failures` instead of throwing, so each one becomes an error here.
 * Each layer's paths that still end in `.hbs` (node-plop only strips it when another extension remains,
 * Makefile.hbs) and `_gitignore` get their final names before the next layer renders.
 */
export async function runGenerator(generator: LoadedGenerator, data: Record<string, unknown>, options: { trust?: boolean } = {}): Promise<void> {
  for (const [index, layer] of generator.layers.entries()) {
    const planned = planLayer(generator, layer, data, options)
    const unstripped = unstrippedOutputs(planned)
    // A child layer's file replaces its parent's: remove what the layers below rendered at the same final path.
    if (index > 0) await removeReplaced(generator.destBasePath, planned, new Set(unstripped))
    const failed = `Template "${layer.pack.id}" failed in its "${generator.name}" generator.`
    if (canRunDeclaratively(planned)) {
      // node-plop's API passes its handlebars instance through (`plop.handlebars`); its typings omit it.
      const { handlebars } = layer.api as unknown as { handlebars: { helpers: Record<string, unknown> } }
      const isHelper = (name: string) => layer.api.getHelper(name) !== undefined || name in handlebars.helpers
      const plopfileDir = path.dirname(layer.pack.plopfile)
      await runDeclaratively(planned, data, { destination: generator.destBasePath, plopfileDir, renderString: layer.api.renderString, isHelper }).catch((error: Error) => {
        throw new ToolError('failed', failed, { cause: error, details: [error.message] })
      })
    } else {
      const result = await layer.plop.runActions(data)
      if (result.failures.length > 0) {
        const details = result.failures.map((failure) => `${failure.type || 'action'} ${failure.path || ''}: ${String(failure.error)}`.trim())
        throw new ToolError('failed', failed, { details })
      }
    }
    await applyRenames(generator.destBasePath, unstripped)
  }
}

function planLayer(generator: LoadedGenerator, layer: GeneratorLayer, data: Record<string, unknown>, options: { trust?: boolean }): PlannedAction[] {
  const { actions } = layer.plop as unknown as { actions: unknown }
  const list = typeof actions === 'function' ? (actions as (answers: unknown) => unknown)(data) : actions
  if (!Array.isArray(list)) throw new UsageError(`Generator "${generator.name}" of "${layer.pack.id}" has no actions array.`)
  const planned = planActions(list, data, { renderString: layer.api.renderString, plopfileDir: path.dirname(layer.pack.plopfile) })
  checkActions(planned, {
    destination: generator.destBasePath,
    packRoot: layer.pack.builtIn ? PACKAGE_ROOT : layer.pack.dir,
    trust: layer.pack.builtIn || options.trust === true,
  })
  return planned
}

async function removeReplaced(destination: string, planned: PlannedAction[], unstripped: Set<string>): Promise<void> {
  const added = planned.filter((action) => action.type === 'add' || action.type === 'addMany').flatMap((action) => action.outputs)
  for (const { destination: file } of added) {
    const normalised = path.normalize(file)
    await fsp.rm(path.join(destination, finalPath(normalised, unstripped.has(normalised))), { force: true })
  }
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
