import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError, UsageError } from '../errors.js'
import { PROJECT_RECORD_SCHEMA, type PackSource, type ProjectRecord, type RecordedLayer } from './schema.js'

/** The project record's file name, at the root of a generated repo. */
export const RECORD_FILE = '.opsmith.json'

/** A parsed record: `record` only when the file exists and is valid; `errors` name the JSON path of each problem. */
export interface ProjectRecordResult {
  record: ProjectRecord | undefined
  errors: string[]
  /** The file exists (valid or not). */
  exists: boolean
}

/** Reads and checks `<dir>/.opsmith.json`; never throws for a missing, unreadable or invalid file. */
export async function readProjectRecord(dir: string): Promise<ProjectRecordResult> {
  const file = path.join(dir, RECORD_FILE)
  // Only a regular file is read: a FIFO or device under that name must not hang.
  const stats = await fsp.lstat(file).catch(() => undefined)
  if (!stats) return { record: undefined, errors: [], exists: false }
  if (!stats.isFile()) return { record: undefined, errors: [`${RECORD_FILE} is not a regular file`], exists: true }
  const text = await fsp.readFile(file, 'utf8').catch((error: Error) => error)
  if (text instanceof Error) return { record: undefined, errors: [`${RECORD_FILE} cannot be read: ${text.message}`], exists: true }
  return parseProjectRecord(text)
}

/** Checks a record's text (as conform's repo view reads it); undefined text means there is no file. */
export async function parseProjectRecord(text: string | undefined): Promise<ProjectRecordResult> {
  if (text === undefined) return { record: undefined, errors: [], exists: false }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { record: undefined, errors: [`${RECORD_FILE} is not valid JSON: ${(error as Error).message}`], exists: true }
  }
  const validate = await recordValidator()
  if (validate(value)) return { record: value as ProjectRecord, errors: [], exists: true }
  return { record: undefined, errors: formatErrors(validate.errors ?? []), exists: true }
}

/** The record of a generated project, for commands that need one: a missing or invalid record is a one-line error. */
export async function requireProjectRecord(dir: string): Promise<ProjectRecord> {
  const { record, errors, exists } = await readProjectRecord(dir)
  if (!exists) throw new UsageError(`${dir} is not an opsmith project (no ${RECORD_FILE}): run this in a generated project.`)
  if (!record) throw new ToolError('config', `${RECORD_FILE} is invalid: ${errors.join('; ')}`)
  return record
}

/** Writes the record (keys in the order given, two-space JSON, final newline), so it is byte-for-byte deterministic. */
export async function writeProjectRecord(dir: string, record: ProjectRecord): Promise<void> {
  await fsp.writeFile(path.join(dir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`)
}

/** Where the project's pack came from; records written before packs had sources are built-ins. */
export function recordedSource(record: ProjectRecord): PackSource {
  return record.template.source ?? { type: 'builtin', spec: record.template.id }
}

/** Every layer the project was rendered from, root first, its own pack last (records without `extends` have one). */
export function recordedLayers(record: ProjectRecord): RecordedLayer[] {
  const { id, version } = record.template
  return [...(record.template.extends ?? []), { id, version, source: recordedSource(record) }]
}

/** The `template` entry for a pack and its layers (`extends` only when it has parents, as before layering). */
export function templateRecord({ layer, parents }: { layer: RecordedLayer; parents: RecordedLayer[] }): ProjectRecord['template'] {
  return { ...layer, ...(parents.length > 0 ? { extends: parents } : {}) }
}

type Validator = import('ajv').ValidateFunction
type SchemaError = import('ajv').ErrorObject

let validator: Promise<Validator> | undefined

// Compiled once per process, loaded on first use so commands that never read a record do not pay for ajv.
function recordValidator(): Promise<Validator> {
  validator ??= import('ajv/dist/2020.js').then(({ default: loaded }) => {
    const Ajv2020 = loaded as unknown as typeof import('ajv/dist/2020.js').Ajv2020
    return new Ajv2020({ allErrors: true, strict: false, validateSchema: false, verbose: true }).compile(PROJECT_RECORD_SCHEMA)
  })
  return validator
}

// `template.version: expected a SemVer version`; `files.Dockerfile: expected a sha256 hex digest`.
function formatErrors(errors: SchemaError[]): string[] {
  const messages = errors.map((error) => {
    const where = error.instancePath.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.') || '(root)'
    if (error.keyword === 'required') {
      const missing = String(error.params.missingProperty)
      const properties = (error.parentSchema as { properties?: Record<string, { 'x-hint'?: string }> } | undefined)?.properties
      return `${where === '(root)' ? '' : `${where}.`}${missing}: ${properties?.[missing]?.['x-hint'] ?? 'is missing'}`
    }
    const hint = (error.parentSchema as { 'x-hint'?: string } | undefined)?.['x-hint']
    return `${where}: ${hint ?? error.message ?? 'is invalid'}`
  })
  return [...new Set(messages)]
}
