import fsp from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from '../errors.js'
import { schemaErrorPath, schemaValidator } from '../schema-validator.js'
import { createFleetDocument, FLEET_SCHEMA_VERSION, type FleetDocument, type FleetRepository } from './document.js'
import { CONFORM_REPORT_SCHEMA, FLEET_AJV_OPTIONS, FLEET_DOCUMENT_SCHEMA } from './schema.js'
import { isConformReport, repositoryFromConform } from './conform-result.js'

export interface MergedFleet {
  document: FleetDocument
  /** One line per input that was passed over or replaced (a repository reported twice). */
  warnings: string[]
}

const GENERIC_NAMES = new Set(['conform', 'result', 'results', 'report', 'fleet'])

/** A repository's name from its result file: `acme-api.json`, or the folder of a generic `conform.json` (a CI artifact). */
export function nameFromResultFile(file: string): string {
  const base = path.basename(file).replace(/\.json$/i, '').replace(/^conform[-_.]/, '')
  return GENERIC_NAMES.has(base) ? path.basename(path.dirname(path.resolve(file))) : base
}

/** Reads a fleet document, refusing one of another schema, a newer version, or one whose keys are not what it says. */
export async function parseFleetDocument(value: unknown, file: string): Promise<FleetDocument> {
  const document = value as Partial<FleetDocument> | null
  if (document?.schema !== 'opsmith-fleet' || !Array.isArray(document.repositories)) throw new UsageError(`${file} is neither a conform JSON report nor a fleet document.`)
  if (document.version !== FLEET_SCHEMA_VERSION) throw new UsageError(`${file} is a fleet document of version ${String(document.version)}; this opsmith reads version ${FLEET_SCHEMA_VERSION}.`)
  return checked(value as FleetDocument, file, 'fleet', 'a fleet document')
}

const SCHEMAS = { fleet: FLEET_DOCUMENT_SCHEMA, conformReport: CONFORM_REPORT_SCHEMA } as const

/** `value` when it is valid against the named schema; else a one-line error naming the first key that is wrong. */
async function checked<T>(value: T, file: string, schema: keyof typeof SCHEMAS, what: string): Promise<T> {
  const validate = await schemaValidator(schema, SCHEMAS[schema], FLEET_AJV_OPTIONS)
  if (validate(value)) return value
  const [error] = validate.errors ?? []
  throw new UsageError(`${file} is not ${what} opsmith can read: ${error ? schemaErrorPath(error) : '(root)'}: ${error?.message ?? 'is invalid'}.`)
}

async function readJson(file: string): Promise<unknown> {
  const text = await fsp.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read ${file}: ${error.code ?? error.message}.`, { cause: error })
  })
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}.`, { cause: error })
  }
}

/** Merges fleet documents and per-repository conform reports (CI artifacts) into one fleet document. */
export async function mergeFleetResults(files: string[]): Promise<MergedFleet> {
  if (files.length === 0) throw new UsageError('opsmith fleet report needs at least one result file.')
  const byName = new Map<string, FleetRepository>()
  const warnings: string[] = []
  const add = (repository: FleetRepository, file: string) => {
    if (byName.has(repository.name)) warnings.push(`${repository.name} is reported again by ${file}: its later result is kept.`)
    byName.set(repository.name, repository)
  }
  for (const file of files) {
    const value = await readJson(file)
    if (isConformReport(value)) add(repositoryFromConform(nameFromResultFile(file), await checked(value, file, 'conformReport', 'a conform JSON report'), [], 0), file)
    else for (const repository of (await parseFleetDocument(value, file)).repositories) add(repository, file)
  }
  return { document: createFleetDocument([...byName.values()]), warnings }
}

/** An earlier fleet document, for the dashboard's trend. */
export async function readFleetDocument(file: string): Promise<FleetDocument> {
  return parseFleetDocument(await readJson(file), file)
}
