/**
 * JSON Schemas generated projects copy verbatim from templates/ (models/model.schema.json, config/drift.schema.json),
 * relative to templates/, and the Ajv options conform compiles a project's schema with (plus ajv-formats).
 * .ci/build.mjs precompiles these files with these options.
 */
export const BUILT_IN_PROJECT_SCHEMAS = {
  model: 'python-base/project/models/model.schema.json.hbs',
  drift: 'python-ml/project/config/drift.schema.json.hbs',
} as const

export const PROJECT_SCHEMA_AJV_OPTIONS = { allErrors: true, strict: false, validateSchema: false }
