import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { isBinaryFileSync } from 'isbinaryfile'
import { ToolError } from '../errors.js'
import type { PlannedAction, PlannedOutput } from './plan.js'
import { renderSimpleMustaches } from './simple-mustache.js'

// Options whose semantics this executor reproduces exactly; anything else goes through node-plop.
const SUPPORTED_OPTIONS = new Set(['type', 'path', 'template', 'templateFile', 'destination', 'base', 'templateFiles', 'globOptions', 'verbose', 'abortOnFail', 'pattern', 'unique', 'separator', 'data'])

/**
 * True when every action is add/addMany/modify/append with options this executor reproduces: then the
 * generator can be rendered here, templates compiled once and files written in parallel, instead of
 * node-plop's one-file-at-a-time loop (about 4 ms a file).
 */
export function canRunDeclaratively(planned: PlannedAction[]): boolean {
  return planned.every(
    (action) =>
      ['add', 'addMany', 'modify', 'append'].includes(action.type) &&
      Object.keys(action.config).every((key) => SUPPORTED_OPTIONS.has(key)) &&
      (action.config.data === undefined || (typeof action.config.data === 'object' && action.config.data !== null)),
  )
}

export interface DeclarativeContext {
  destination: string
  plopfileDir: string
  renderString: (template: string, data: Record<string, unknown>) => string
  /** True for names handlebars would call as helpers rather than look up in the data. */
  isHelper: (name: string) => boolean
}

/** Runs planned declarative actions with node-plop's semantics; a failure names the action and file. */
export async function runDeclaratively(planned: PlannedAction[], data: Record<string, unknown>, context: DeclarativeContext): Promise<void> {
  const seen = new Set<string>()
  // Consecutive add/addMany actions are independent: render and write them together.
  for (const batch of batches(planned)) {
    if (batch[0]?.type === 'modify' || batch[0]?.type === 'append') {
      await editFile(batch[0], { ...data, ...(batch[0].config.data as object | undefined) }, context)
      continue
    }
    const writes = batch.flatMap((action) => action.outputs.map((output) => ({ action, output })))
    for (const { action, output } of writes) {
      const target = path.resolve(context.destination, output.destination)
      if (seen.has(target)) throw actionError(action, output.destination, 'File already exists')
      seen.add(target)
    }
    for (const dir of new Set(writes.map(({ output }) => path.dirname(path.resolve(context.destination, output.destination))))) fs.mkdirSync(dir, { recursive: true })
    for (const { action, output } of writes) await addFile(action, output, { ...data, ...(action.config.data as object | undefined) }, context)
  }
}

function batches(planned: PlannedAction[]): PlannedAction[][] {
  const result: PlannedAction[][] = []
  for (const action of planned) {
    const last = result.at(-1)
    const adds = action.type === 'add' || action.type === 'addMany'
    if (adds && last && (last[0]?.type === 'add' || last[0]?.type === 'addMany')) last.push(action)
    else result.push([action])
  }
  return result
}

// Synchronous I/O on purpose: for dozens of small files one syscall each is as fast as libuv's thread pool
// (measured: file creation dominates either way) and keeps the order of effects simple.
async function addFile(action: PlannedAction, output: PlannedOutput, data: Record<string, unknown>, context: DeclarativeContext): Promise<void> {
  const target = path.resolve(context.destination, output.destination)
  let content: string | Buffer
  let executable = 0
  try {
    const raw = output.source !== undefined ? fs.readFileSync(output.source) : Buffer.from(String(action.config.template ?? ''))
    if (output.source !== undefined && isBinaryFileSync(raw, raw.length)) content = raw
    else {
      const template = raw.toString('utf8')
      // Without `{{` handlebars would return the text unchanged: skip the compile.
      content = template.includes('{{') ? (renderSimpleMustaches(template, data, context.isHelper) ?? context.renderString(template, data)) : template
    }
    if (output.source !== undefined) executable = fs.statSync(output.source).mode & 0o111
  } catch (error) {
    throw actionError(action, output.destination, (error as Error).message, error)
  }
  try {
    fs.writeFileSync(target, content, { flag: 'wx', ...(executable ? { mode: 0o666 | executable } : {}) })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw actionError(action, output.destination, code === 'EEXIST' ? 'File already exists' : (error as Error).message, error)
  }
}

async function editFile(action: PlannedAction, data: Record<string, unknown>, context: DeclarativeContext): Promise<void> {
  const output = action.outputs[0] as PlannedOutput
  const target = path.resolve(context.destination, output.destination)
  const current = await fsp.readFile(target, 'utf8').catch((error: Error) => {
    throw actionError(action, output.destination, 'File does not exist', error)
  })
  const template = output.source !== undefined ? await fsp.readFile(output.source, 'utf8') : String(action.config.template ?? '')
  const rendered = context.renderString(template, data)
  const pattern = action.config.pattern as string | RegExp | undefined
  await fsp.writeFile(target, action.type === 'modify' ? modify(current, pattern, rendered) : append(current, pattern, rendered, action.config))
}

function modify(current: string, pattern: string | RegExp | undefined, replacement: string): string {
  return typeof pattern === 'string' || pattern instanceof RegExp ? current.replace(pattern, replacement) : current
}

// node-plop's append: drop an earlier copy after the pattern unless unique: false, then append.
function append(current: string, pattern: string | RegExp | undefined, text: string, config: Record<string, unknown>): string {
  const separator = typeof config.separator === 'string' ? config.separator : '\n'
  let data = current
  if (config.unique !== false) {
    const parts = pattern === undefined ? [data] : data.split(pattern)
    const lastPart = parts[parts.length - 1] as string
    data = data.replace(lastPart, lastPart.replace(new RegExp(separator + text, 'g'), ''))
  }
  if (!pattern) return data.length > 0 ? data + separator + text : text
  return data.replace(pattern, `$&${separator}${text}`)
}

function actionError(action: PlannedAction, file: string, reason: string, cause?: unknown): ToolError {
  return new ToolError('failed', `Template action #${action.index + 1} (${action.type}) failed on ${file}: ${reason}.`, { cause })
}
