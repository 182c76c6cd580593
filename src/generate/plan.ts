import path from 'node:path'
import { globSync } from 'tinyglobby'

/** What planning needs from node-plop: its string renderer and the plopfile folder. */
export interface ActionRenderer {
  renderString: (template: string, data: Record<string, unknown>) => string
  plopfileDir: string
}

/** One file an action reads (its template file, if any) and writes (relative to the destination). */
export interface PlannedOutput {
  source?: string
  destination: string
}

/** A generator action with the files it will touch, computed exactly as node-plop computes them. */
export interface PlannedAction {
  index: number
  /** add, addMany, modify, append, a custom type, or `function`. */
  type: string
  config: Record<string, unknown>
  outputs: PlannedOutput[]
}

/** Plans every action of a generator (plop comment strings are skipped). */
export function planActions(actions: unknown[], data: Record<string, unknown>, renderer: ActionRenderer): PlannedAction[] {
  const render = cachedRenderer(renderer, data)
  const planned: PlannedAction[] = []
  actions.forEach((action, index) => {
    if (typeof action === 'string') return
    if (typeof action === 'function') {
      planned.push({ index, type: 'function', config: {}, outputs: [] })
      return
    }
    const config = action as Record<string, unknown>
    const type = String(config.type)
    const known = ['add', 'addMany', 'modify', 'append'].includes(type)
    planned.push({ index, type, config, outputs: known ? outputsOf(config, render, renderer.plopfileDir) : [] })
  })
  return planned
}

function outputsOf(config: Record<string, unknown>, render: (text: string) => string, plopfileDir: string): PlannedOutput[] {
  if (config.type !== 'addMany') {
    const source = typeof config.templateFile === 'string' ? path.resolve(plopfileDir, render(config.templateFile)) : undefined
    return [{ source, destination: render(String(config.path ?? '')) }]
  }
  const destination = String(config.destination ?? '')
  const base = config.base === undefined ? '' : render(String(config.base))
  const absoluteBase = path.resolve(plopfileDir, base)
  const patterns = ([] as unknown[]).concat(config.templateFiles ?? []).map((pattern) => render(String(pattern)))
  // The same glob node-plop's addMany runs, so the plan sees exactly the files it will render.
  const sources = globSync(patterns, { cwd: plopfileDir, braceExpansion: false, expandDirectories: true, absolute: true, ...(config.globOptions as object | undefined) })
  return sources.sort().map((source) => {
    // Exactly node-plop's addMany: it drops the *first occurrence* of `base` from the relative path
    // (String.replace), so the plan must too, or a crafted file name could slip past the safety check.
    const relative = path.relative(absoluteBase, source)
    const dropped = base ? relative.replace(base, '') : relative.split(path.sep).slice(1).join(path.sep)
    return { source, destination: stripHbs(render(path.join(destination, dropped))) }
  })
}

// node-plop's stripExtensions default: `.hbs` goes only when another extension remains (README.md.hbs),
// so Makefile.hbs keeps it; the renderer finishes the job for those (see render.ts).
function stripHbs(file: string): string {
  const parsed = path.parse(file)
  if (parsed.ext !== '.hbs') return file
  return path.parse(parsed.name).ext !== '' || parsed.name.startsWith('.') ? path.join(parsed.dir, parsed.name) : file
}

// Paths repeat the same few expressions (src/{{moduleName}}/...) and handlebars compiles are the cost:
// render segment by segment, each distinct segment once. A path whose expression spans a `/` is rendered whole.
function cachedRenderer(renderer: ActionRenderer, data: Record<string, unknown>): (text: string) => string {
  const cache = new Map<string, string>()
  const renderOnce = (text: string): string => {
    let rendered = cache.get(text)
    if (rendered === undefined) {
      rendered = renderer.renderString(text, data)
      cache.set(text, rendered)
    }
    return rendered
  }
  return (text) => {
    if (!text.includes('{{')) return text
    const segments = text.split('/')
    const balanced = segments.every((segment) => segment.split('{{').length === segment.split('}}').length)
    if (!balanced) return renderOnce(text)
    return segments.map((segment) => (segment.includes('{{') ? renderOnce(segment) : segment)).join('/')
  }
}
