import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError } from '../errors.js'

/** File names a pack's generators may have as data (loaded without running any of the pack's code). */
export const DATA_GENERATOR_FILES = ['generators.yaml', 'generators.yml', 'generators.json']

/** True when the pack's generators file is data (YAML or JSON), not a JavaScript plopfile. */
export function isDataGenerators(file: string): boolean {
  return /\.(ya?ml|json)$/i.test(file)
}

/** One generator as data: node-plop's generator config without any function. */
export interface DataGenerator {
  description?: string
  prompts: unknown[]
  actions: Array<Record<string, unknown>>
}

// Action options a data generator may use: exactly what the declarative executor reproduces.
const ACTION_TYPES = new Set(['add', 'addMany', 'modify', 'append'])
const ACTION_OPTIONS = new Set(['type', 'path', 'template', 'templateFile', 'destination', 'base', 'templateFiles', 'globOptions', 'verbose', 'abortOnFail', 'pattern', 'unique', 'separator', 'data'])
const GENERATOR_KEYS = new Set(['description', 'prompts', 'actions'])

/**
 * Reads `generators.yaml` (or .json): `{ generators: { <name>: { description, prompts, actions } } }`.
 * YAML is parsed with an alias limit (no billion laughs) and without custom tags, so nothing in it can be code.
 */
export async function readDataGenerators(file: string, packId: string): Promise<Record<string, DataGenerator>> {
  const where = `${packId}: ${path.basename(file)}`
  // Under esbuild's splitting the CommonJS build of yaml arrives as `default`.
  const yaml = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') }
  const parse = yaml.parse ?? yaml.default?.parse
  let raw: unknown
  try {
    raw = parse(await fsp.readFile(file, 'utf8'), { maxAliasCount: 100, prettyErrors: false, uniqueKeys: true })
  } catch (error) {
    throw new ToolError('config', `${where} cannot be read: ${(error as Error).message.split('\n')[0]}`, { cause: error })
  }
  const generators = isRecord(raw) ? raw.generators : undefined
  if (!isRecord(generators)) throw new ToolError('config', `${where}: expected \`generators:\` mapping each generator name to { description, prompts, actions }.`)
  const result: Record<string, DataGenerator> = {}
  for (const [name, config] of Object.entries(generators)) result[name] = checkGenerator(`${where} generators.${name}`, config)
  return result
}

function checkGenerator(where: string, config: unknown): DataGenerator {
  if (!isRecord(config)) throw new ToolError('config', `${where}: expected an object with prompts and actions.`)
  const unknown = Object.keys(config).filter((key) => !GENERATOR_KEYS.has(key))
  if (unknown.length > 0) throw new ToolError('config', `${where}: unknown key ${unknown.map((key) => `"${key}"`).join(', ')} (a data generator has description, prompts and actions).`)
  if (!Array.isArray(config.prompts)) throw new ToolError('config', `${where}.prompts: expected a list of questions.`)
  if (!Array.isArray(config.actions)) throw new ToolError('config', `${where}.actions: expected a list of actions.`)
  config.actions.forEach((action, index) => {
    const at = `${where}.actions[${index}]`
    if (!isRecord(action) || !ACTION_TYPES.has(String(action.type))) throw new ToolError('config', `${at}: expected an action of type add, addMany, modify or append.`)
    const extra = Object.keys(action).filter((key) => !ACTION_OPTIONS.has(key))
    if (extra.length > 0) throw new ToolError('config', `${at}: option ${extra.map((key) => `"${key}"`).join(', ')} is not available to a data generator (${[...ACTION_OPTIONS].join(', ')}).`)
  })
  return { ...(typeof config.description === 'string' ? { description: config.description } : {}), prompts: config.prompts, actions: config.actions as Array<Record<string, unknown>> }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
