import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import { isStackOverflow, TOO_DEEP } from '../../errors.js'
import { TEMPLATES_DIR } from '../../paths.js'
import { precompiledValidatorOf } from '../../precompiled.js'
import type { Repo } from '../repo.js'
import { BUILT_IN_PROJECT_SCHEMAS, PROJECT_SCHEMA_AJV_OPTIONS } from './project-schemas.js'

/** One version folder `models/<name>/<version>/`. */
export interface ModelVersion {
  name: string
  version: string
  dir: string
}

export const MODEL_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/
export const PROJECT_MODEL_SCHEMA = 'models/model.schema.json'
export const PROJECT_DRIFT_SCHEMA = 'config/drift.schema.json'
// The template copies hold no handlebars expressions, so they are plain JSON Schema files.
const BUILT_IN_MODEL_SCHEMA = path.join(TEMPLATES_DIR, BUILT_IN_PROJECT_SCHEMAS.model)
const BUILT_IN_DRIFT_SCHEMA = path.join(TEMPLATES_DIR, BUILT_IN_PROJECT_SCHEMAS.drift)

/** Every `models/<name>/<version>/` folder that holds at least one file. */
export function modelVersions(repo: Repo): ModelVersion[] {
  const seen = new Map<string, ModelVersion>()
  for (const file of repo.glob('models/*/*/**')) {
    const [, name = '', version = ''] = file.split('/')
    const dir = `models/${name}/${version}`
    if (!seen.has(dir)) seen.set(dir, { name, version, dir })
  }
  return [...seen.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1))
}

/** Parsed JSON of a repo file, or an error message when it does not parse. */
export async function readJson(repo: Repo, file: string): Promise<{ value?: unknown; error?: string }> {
  const text = await repo.read(file)
  if (text === undefined) return { error: 'missing or unreadable' }
  try {
    return { value: JSON.parse(text) as unknown }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
}

const validators = new WeakMap<Repo, Map<string, Promise<ValidateFunction>>>()

/**
 * Compiles a JSON Schema (draft 2020-12) once per repo view: the project's own file when present,
 * else the fallback shipped with opsmith (the template's copy holds no handlebars expressions).
 */
export function schemaValidator(repo: Repo, projectFile: string, fallbackFile?: string): Promise<ValidateFunction> {
  let byFile = validators.get(repo)
  if (!byFile) {
    byFile = new Map()
    validators.set(repo, byFile)
  }
  let validator = byFile.get(projectFile)
  if (!validator) {
    validator = (async () => {
      const text = (await repo.read(projectFile)) ?? (fallbackFile ? await readFile(fallbackFile, 'utf8') : '{}')
      // A schema kept as generated: the bundle has it compiled already.
      const precompiled = precompiledValidatorOf(text)
      if (precompiled) return precompiled
      // Loaded on first use: Ajv costs ~90 ms to load, and a repo without models never needs it.
      const { Ajv2020, addFormats } = await loadAjv()
      // Unoptimized code and no meta-schema check compile ~5x faster (12 ms instead of 60); conform
      // validates a handful of documents, and a broken schema still fails to compile (reported).
      const ajv = new Ajv2020({ ...PROJECT_SCHEMA_AJV_OPTIONS, code: { optimize: false } })
      addFormats(ajv)
      return ajv.compile(JSON.parse(text) as object)
    })()
    byFile.set(projectFile, validator)
  }
  return validator
}

type Ajv2020Class = typeof import('ajv/dist/2020.js').Ajv2020
type AddFormats = (ajv: InstanceType<Ajv2020Class>) => unknown

// Both are CommonJS whose module.exports is the function itself; Node's ESM loader and esbuild's
// dynamic-import interop expose it under different names, so take whichever is there.
async function loadAjv(): Promise<{ Ajv2020: Ajv2020Class; addFormats: AddFormats }> {
  const [ajvModule, formatsModule] = await Promise.all([import('ajv/dist/2020.js'), import('ajv-formats')])
  const ajvExports = ajvModule as unknown as { Ajv2020?: Ajv2020Class; default?: Ajv2020Class | { default?: Ajv2020Class } }
  const formatsExports = formatsModule as unknown as { default: AddFormats & { default?: AddFormats } }
  const Ajv2020 = ajvExports.Ajv2020 ?? (typeof ajvExports.default === 'function' ? ajvExports.default : ajvExports.default?.default)
  if (!Ajv2020) throw new Error('ajv/dist/2020.js exports no Ajv2020 class')
  return { Ajv2020, addFormats: formatsExports.default.default ?? formatsExports.default }
}

/** The validator, or why the schema could not be compiled (bad JSON, unknown keyword shapes). */
export type SchemaResult = { validate: ValidateFunction; error?: undefined } | { validate?: undefined; error: string }

async function tryValidator(repo: Repo, projectFile: string, fallbackFile: string): Promise<SchemaResult> {
  try {
    return { validate: await schemaValidator(repo, projectFile, fallbackFile) }
  } catch (error) {
    const reason = isStackOverflow(error) ? TOO_DEEP : error instanceof Error ? error.message : String(error)
    return { error: `${projectFile} is not a usable JSON Schema (${reason}): fix it or restore it from the template.` }
  }
}

export function modelSchemaValidator(repo: Repo): Promise<SchemaResult> {
  return tryValidator(repo, PROJECT_MODEL_SCHEMA, BUILT_IN_MODEL_SCHEMA)
}

export function driftSchemaValidator(repo: Repo): Promise<SchemaResult> {
  return tryValidator(repo, PROJECT_DRIFT_SCHEMA, BUILT_IN_DRIFT_SCHEMA)
}

/** Ajv errors as `path: message` strings. */
export function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? 'invalid'}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`)
}
