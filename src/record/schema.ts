/** Where a pack came from; recorded in .opsmith.json so update and conform can find its other versions. */
export type PackSourceType = 'builtin' | 'local' | 'npm'

export interface PackSource {
  type: PackSourceType
  /** Built-in id, absolute folder, or npm package name (without version). */
  spec: string
}

/** A layer as .opsmith.json records it: which pack, at which version, from where. */
export interface RecordedLayer {
  id: string
  version: string
  source: PackSource
}

export type RecordedAnswers = Record<string, string | boolean | number>

/** `.opsmith.json`: what generated this repo, with which answers, each file's hash as rendered, and its policy. */
export interface ProjectRecord {
  /** The pack; `extends` lists the packs it extends, root first, each at the version rendered. */
  template: { id: string; version: string; source?: PackSource; extends?: RecordedLayer[] }
  /** The opsmith version that last rendered the project. */
  opsmith?: string
  answers?: RecordedAnswers
  /** Repo-relative POSIX path -> SHA-256 (hex) of the file as rendered. */
  files?: Record<string, string>
  /** Conform policy (`rules`, `waivers`); conform's policy reader checks its inside, with line numbers. */
  conform?: { rules?: Record<string, unknown>; waivers?: unknown[] }
}

/** Ajv options of the record's validator: verbose, so a violation's message can come from the schema's `x-hint`. */
export const PROJECT_RECORD_AJV_OPTIONS = { allErrors: true, strict: false, validateSchema: false, verbose: true }

const SEMVER = '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$'
const source = {
  type: 'object',
  required: ['type', 'spec'],
  properties: { type: { enum: ['builtin', 'local', 'npm'] }, spec: { type: 'string', minLength: 1 } },
}
const layer = {
  type: 'object',
  required: ['id', 'version'],
  properties: {
    id: { type: 'string', minLength: 1, 'x-hint': 'expected a template id such as "python-ml"' },
    version: { type: 'string', pattern: SEMVER, 'x-hint': 'expected a SemVer version' },
    source,
  },
}

/**
 * JSON Schema (draft 2020-12) of .opsmith.json. Unknown keys are allowed so that a newer opsmith's record still
 * reads; `x-hint` is the message a violation gets.
 */
export const PROJECT_RECORD_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['template'],
  properties: {
    template: {
      ...layer,
      'x-hint': 'expected an object { "id", "version" }',
      properties: { ...layer.properties, source, extends: { type: 'array', items: { ...layer, required: ['id', 'version', 'source'] } } },
    },
    opsmith: { type: 'string', pattern: SEMVER, 'x-hint': 'expected the SemVer version of opsmith' },
    answers: { type: 'object', additionalProperties: { type: ['string', 'boolean', 'number'] }, 'x-hint': 'expected an object of answers (text, yes/no or number)' },
    files: { type: 'object', additionalProperties: { type: 'string', pattern: '^[a-f0-9]{64}$', 'x-hint': 'expected a sha256 hex digest' }, 'x-hint': 'expected an object of path -> sha256' },
    conform: { type: 'object', 'x-hint': 'expected an object' },
  },
} as const
