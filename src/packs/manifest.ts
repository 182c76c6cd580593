import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError } from '../errors.js'
import { schemaErrorPath, schemaValidator } from '../schema-validator.js'

export const PACK_MANIFEST_FILE = 'opsmith-pack.json'

/** How `opsmith update` treats a file: regenerated, 3-way merged, or written once and then left alone. */
export type Ownership = 'managed' | 'merged' | 'seeded'

/** A declarative step run by `opsmith update` when crossing `version` (e.g. a file the pack renamed). */
export type MigrationAction = { type: 'rename'; from: string; to: string } | { type: 'delete'; path: string }

export interface Migration {
  /** Runs when updating from a version below this one to this one or above. */
  version: string
  description: string
  actions: MigrationAction[]
}

/** opsmith-pack.json: what a template pack declares beside its plop generators and handlebars templates. */
export interface PackManifest {
  id: string
  description: string
  /** The pack this one extends (a built-in id, a folder relative to this manifest, or an npm spec). */
  extends?: string
  /** A pack only for other packs to extend: `opsmith new` and the template listings leave it out. */
  abstract?: boolean
  /** The plopfile, relative to the manifest (default plopfile.js). */
  plopfile: string
  /** Globs per ownership mode; the first match wins in the order managed, seeded, merged; default merged. */
  files: Partial<Record<Ownership, string[]>>
  /** Conform policy that travels with the pack. */
  policy: { rules?: Record<string, unknown>; requiredFiles?: string[] }
  migrations: Migration[]
  /**
   * Shell lines `opsmith new` prints after `cd <project>` (set up the environment, install, test); a line starting
   * with `#` is a note. A pack that extends another inherits its parent's steps unless it declares its own.
   */
  nextSteps?: string[]
  /**
   * Set on a layered pack's effective manifest: each layer's `files`, child first, so the child's ownership of
   * a path wins over its parents'.
   */
  ownershipLayers?: Array<Partial<Record<Ownership, string[]>>>
  /** A platform team's prebuilt images (`opsmith image publish --pack`): defaults of the image questions. */
  images?: { dev?: string; runtime?: string; debian?: string }
}

/**
 * Ajv options of the manifest's validator. validateSchema: false skips compiling the draft 2020-12 meta-schema
 * (~100 ms), which only re-checks our own constant schema.
 */
export const PACK_MANIFEST_AJV_OPTIONS = { allErrors: true, strict: false, validateSchema: false }

/** JSON Schema of opsmith-pack.json (draft 2020-12): what `readPackManifest` accepts. */
export const PACK_MANIFEST_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['id', 'description'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' },
    description: { type: 'string' },
    extends: { type: 'string', minLength: 1 },
    abstract: { type: 'boolean' },
    plopfile: { type: 'string', pattern: '^(?!/)(?!.*\\.\\.)' },
    files: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(['managed', 'merged', 'seeded'].map((mode) => [mode, { type: 'array', items: { type: 'string' } }])),
    },
    policy: {
      type: 'object',
      additionalProperties: false,
      properties: { rules: { type: 'object' }, requiredFiles: { type: 'array', items: { type: 'string' } } },
    },
    nextSteps: { type: 'array', items: { type: 'string', minLength: 1 } },
    images: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(['dev', 'runtime', 'debian'].map((key) => [key, { type: 'string', pattern: '^[a-z0-9][a-z0-9._/:-]*@sha256:[a-f0-9]{64}$' }])),
    },
    migrations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['version', 'actions'],
        additionalProperties: false,
        properties: {
          version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$' },
          description: { type: 'string' },
          actions: {
            type: 'array',
            items: {
              oneOf: [
                { type: 'object', required: ['type', 'from', 'to'], additionalProperties: false, properties: { type: { const: 'rename' }, from: { type: 'string' }, to: { type: 'string' } } },
                { type: 'object', required: ['type', 'path'], additionalProperties: false, properties: { type: { const: 'delete' }, path: { type: 'string' } } },
              ],
            },
          },
        },
      },
    },
  },
} as const

/** Reads and checks a pack manifest; every problem names its JSON path, nothing is thrown raw. */
export async function readPackManifest(dir: string, options: { validate?: boolean } = {}): Promise<PackManifest> {
  const file = path.join(dir, PACK_MANIFEST_FILE)
  const text = await fsp.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ToolError('usage', error.code === 'ENOENT' ? `${dir} is not a template pack: it has no ${PACK_MANIFEST_FILE}.` : `Cannot read ${file}: ${error.message}`, { cause: error })
  })
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new ToolError('config', `${file} is not valid JSON: ${(error as Error).message}`, { cause: error })
  }
  // Built-in packs are checked by the test suite; skipping ajv keeps `opsmith new` fast.
  if (options.validate !== false) {
    const problems = await checkManifest(raw)
    if (problems.length > 0) throw new ToolError('config', `${file}: ${problems.join('; ')}`)
  }
  const manifest = raw as Partial<PackManifest> & { id: string; description: string }
  return { plopfile: 'plopfile.js', files: {}, policy: {}, migrations: [], ...manifest }
}

/** Returns problems like `files.managed[2]: must be string`; empty when the manifest is valid. */
export async function checkManifest(raw: unknown): Promise<string[]> {
  const validate = await schemaValidator('manifest', PACK_MANIFEST_SCHEMA, PACK_MANIFEST_AJV_OPTIONS)
  if (validate(raw)) return []
  return (validate.errors ?? []).map((error) => {
    const where = schemaErrorPath(error)
    const extra = error.keyword === 'additionalProperties' ? ` "${String(error.params.additionalProperty)}"` : ''
    return `${where}: ${error.message ?? 'is invalid'}${extra}`
  })
}

