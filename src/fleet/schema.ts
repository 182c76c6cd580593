// The JSON Schemas of what `opsmith fleet report` and `--previous` read, with no imports: .ci/precompiled-validators.mjs
// compiles them into the bundle, and tests and runs from source compile them with Ajv.

export const FLEET_AJV_OPTIONS = { allErrors: false, strict: false, validateSchema: false }

const COUNT = { type: 'integer', minimum: 0 }
const PACK_LAYER = { type: 'object', required: ['id', 'version'], properties: { id: { type: 'string' }, version: { type: 'string' } } }
const FINDING = {
  type: 'object',
  required: ['rule', 'severity', 'file', 'line', 'message'],
  properties: { rule: { type: 'string' }, severity: { type: 'string' }, file: { type: ['string', 'null'] }, line: { type: ['integer', 'null'] }, message: { type: 'string' } },
}

/**
 * JSON Schema (draft 2020-12) of a fleet document as `fleet report` and `--previous` read it: what the dashboard and
 * the Markdown summary use, so a document from elsewhere (a CI artifact, another version) is refused with the key
 * that is wrong instead of ending the command with an internal error. Keys it does not name are allowed.
 */
export const FLEET_DOCUMENT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['schema', 'version', 'repositories'],
  properties: {
    schema: { const: 'opsmith-fleet' },
    version: { type: 'integer' },
    repositories: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'status', 'profiles', 'packs', 'counts', 'rules', 'behind', 'templateDrift', 'durationMs', 'findings'],
        properties: {
          name: { type: 'string' },
          status: { enum: ['ok', 'failing', 'error'] },
          profiles: { type: 'array', items: { type: 'string' } },
          packs: { type: 'array', items: PACK_LAYER },
          counts: { type: 'object', required: ['error', 'warning', 'waived', 'suppressed'], properties: { error: COUNT, warning: COUNT, waived: COUNT, suppressed: COUNT } },
          rules: { type: 'object', additionalProperties: COUNT },
          behind: { type: ['string', 'null'] },
          templateDrift: COUNT,
          durationMs: { type: 'number', minimum: 0 },
          error: { type: 'string' },
          findings: { type: 'array', items: FINDING },
        },
      },
    },
  },
} as const

/**
 * JSON Schema (draft 2020-12) of the parts of a conform JSON report a fleet reads: a report from elsewhere whose
 * findings are not findings is refused with the key that is wrong, instead of turning into rows of "unknown" errors.
 */
export const CONFORM_REPORT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['findings'],
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['rule', 'severity', 'message'],
        properties: { rule: { type: 'string' }, severity: { type: 'string' }, file: { type: 'string' }, line: { type: 'integer', minimum: 1 }, message: { type: 'string' } },
      },
    },
    waived: { type: 'array' },
    suppressed: { type: 'array' },
    baselined: { type: 'array' },
    profiles: { type: 'array', items: { type: 'string' } },
  },
} as const
