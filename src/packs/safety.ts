import fs from 'node:fs'
import path from 'node:path'
import { globSync } from 'tinyglobby'
import { ToolError } from '../errors.js'

/** The action types a pack may use without --trust: they only render templates into files. */
export const DECLARATIVE_ACTIONS = new Set(['add', 'addMany', 'modify', 'append'])

/** What the safety check needs from node-plop: its string renderer and the plopfile folder. */
export interface ActionRenderer {
  renderString: (template: string, data: Record<string, unknown>) => string
  plopfileDir: string
}

export interface SafetyOptions {
  /** Where the generator writes (the staging folder). */
  destination: string
  /** Folder every template file must really live in (symlinks resolved). */
  packRoot: string
  /** `--trust`: allow function actions and custom action types. */
  trust: boolean
}

/**
 * Refuses, before anything is written, a generator that would run custom JavaScript actions without --trust,
 * or write outside the destination (`..`, absolute paths), or read templates outside the pack (symlinks).
 * Returns the outputs node-plop will leave with a `.hbs` suffix (it strips it only when another extension
 * remains: Makefile.hbs stays Makefile.hbs), relative to the destination, so the caller can finish the job.
 */
export function checkActions(actions: unknown[], data: Record<string, unknown>, renderer: ActionRenderer, options: SafetyOptions): string[] {
  const realRoot = fs.realpathSync(options.packRoot)
  const unstripped: string[] = []
  actions.forEach((action, index) => {
    if (typeof action === 'string') return // plop comments
    const config = action as Record<string, unknown>
    const type = typeof action === 'function' ? 'function' : String(config.type)
    if (!DECLARATIVE_ACTIONS.has(type)) {
      if (options.trust) return
      throw new ToolError('usage', `Template action #${index + 1} is custom JavaScript ("${type}"); run again with --trust if you trust this pack.`)
    }
    for (const { source, destination } of plannedOutputs(config, data, renderer)) {
      ensureInside(options.destination, destination, `writes to ${destination}`)
      if (source === undefined) continue
      ensureInside(realRoot, realpathOrSelf(source), `reads ${source}`)
      const name = path.basename(source)
      const keepsSuffix = config.type === 'addMany' && config.stripExtensions === undefined && name.endsWith('.hbs') && path.extname(name.slice(0, -4)) === ''
      if (keepsSuffix && !name.startsWith('.')) unstripped.push(path.normalize(destination))
    }
  })
  return unstripped
}

/** Each file an action reads (its template, if any) and writes, as node-plop will compute them. */
function plannedOutputs(config: Record<string, unknown>, data: Record<string, unknown>, renderer: ActionRenderer): { source?: string; destination: string }[] {
  if (config.type !== 'addMany') {
    const source = typeof config.templateFile === 'string' ? path.resolve(renderer.plopfileDir, renderer.renderString(config.templateFile, data)) : undefined
    return [{ source, destination: renderer.renderString(String(config.path ?? ''), data) }]
  }
  const destination = String(config.destination ?? '')
  const base = config.base === undefined ? '' : renderer.renderString(String(config.base), data)
  const absoluteBase = path.resolve(renderer.plopfileDir, base)
  return addManyTemplates(config, data, renderer).map((source) => {
    // Exactly node-plop's addMany: it drops the *first occurrence* of `base` from the relative path
    // (String.replace), so the check must too, or a crafted file name could slip past it.
    const relative = path.relative(absoluteBase, source)
    const dropped = base ? relative.replace(base, '') : relative.split(path.sep).slice(1).join(path.sep)
    return { source, destination: renderer.renderString(path.join(destination, dropped), data) }
  })
}

// The same glob node-plop's addMany runs, so the check sees exactly the files it will render.
function addManyTemplates(config: Record<string, unknown>, data: Record<string, unknown>, renderer: ActionRenderer): string[] {
  const patterns = ([] as unknown[]).concat(config.templateFiles ?? []).map((pattern) => renderer.renderString(String(pattern), data))
  return globSync(patterns, {
    cwd: renderer.plopfileDir,
    braceExpansion: false,
    expandDirectories: true,
    absolute: true,
    ...(config.globOptions as object | undefined),
  })
}

function ensureInside(root: string, candidate: string, what: string): void {
  const resolved = path.resolve(root, candidate)
  const relative = path.relative(root, resolved)
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) return
  throw new ToolError('usage', `Template pack refused: an action ${what}, outside ${root}.`)
}

function realpathOrSelf(file: string): string {
  try {
    return fs.realpathSync(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return file
    throw error
  }
}
