import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import * as esbuild from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROJECT_RECORD_AJV_OPTIONS, PROJECT_RECORD_SCHEMA } from '../src/record/schema.js'
import { PACK_MANIFEST_AJV_OPTIONS, PACK_MANIFEST_SCHEMA } from '../src/packs/manifest.js'
import { BUILT_IN_PROJECT_SCHEMAS, PROJECT_SCHEMA_AJV_OPTIONS } from '../src/conform/parse/project-schemas.js'
import { CONFORM_REPORT_SCHEMA, FLEET_AJV_OPTIONS, FLEET_DOCUMENT_SCHEMA } from '../src/fleet/schema.js'
// @ts-expect-error: plain JavaScript build script, no types
import { precompiledValidatorsPlugin } from '../.ci/precompiled-validators.mjs'
import { modelJson } from './conform/model-fixtures.js'

// The bundle validates with Ajv standalone code made at build time (src/precompiled.ts is swapped by the plugin of
// .ci/precompiled-validators.mjs); run from source, the same schemas are compiled by Ajv at run time. Both must
// accept and reject the same documents, with the same errors. src/precompiled.ts is bundled here with that plugin.
type Precompiled = { precompiledValidator(name: string): ValidateFunction | undefined; precompiledValidatorOf(text: string): ValidateFunction | undefined }
let precompiled: Precompiled
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-precompiled-'))
beforeAll(async () => {
  const file = path.join(dir, 'precompiled.mjs')
  await esbuild.build({
    entryPoints: ['src/precompiled.ts'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: file,
    plugins: [await precompiledValidatorsPlugin()],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  })
  precompiled = (await import(pathToFileURL(file).href)) as Precompiled
}, 120_000)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const projectSchemaText = (name: keyof typeof BUILT_IN_PROJECT_SCHEMAS) => fs.readFileSync(path.join('templates', BUILT_IN_PROJECT_SCHEMAS[name]), 'utf8')
function runtime(schema: object, options: object, withFormats = false): ValidateFunction {
  const ajv = new Ajv2020(options)
  if (withFormats) addFormats.default(ajv)
  return ajv.compile(schema)
}
const model = (overrides: Record<string, unknown>) => JSON.parse(modelJson('churn', '1.2.0', overrides)) as unknown
const sha = 'a'.repeat(64)

const TABLE: Array<{ name: string; precompiledFor: () => ValidateFunction | undefined; runtime: () => ValidateFunction; valid: unknown[]; invalid: unknown[] }> = [
  {
    name: 'record (.opsmith.json)',
    precompiledFor: () => precompiled.precompiledValidator('record'),
    runtime: () => runtime(PROJECT_RECORD_SCHEMA, PROJECT_RECORD_AJV_OPTIONS),
    valid: [
      { template: { id: 'python-ml', version: '1.0.0' } },
      { template: { id: 'python-ml', version: '1.0.0-rc.1', source: { type: 'builtin', spec: 'python-ml' }, extends: [{ id: 'python-base', version: '1.0.0', source: { type: 'builtin', spec: 'python-base' } }] }, opsmith: '0.1.0', answers: { name: 'demo', gpu: false, port: 8000 }, files: { Dockerfile: sha }, conform: { rules: {} }, future: 1 },
    ],
    invalid: [
      {},
      { template: { id: '', version: '1.0.0' } },
      { template: { id: 'python-ml', version: 'v1' } },
      { template: { id: 'python-ml', version: '1.0.0', extends: [{ id: 'python-base', version: '1.0.0' }] } },
      { template: { id: 'python-ml', version: '1.0.0', source: { type: 'git', spec: 'x' } } },
      { template: { id: 'python-ml', version: '1.0.0' }, answers: { nested: { no: true } }, files: { Dockerfile: 'not-a-hash' }, conform: [] },
      [],
    ],
  },
  {
    name: 'manifest (opsmith-pack.json)',
    precompiledFor: () => precompiled.precompiledValidator('manifest'),
    runtime: () => runtime(PACK_MANIFEST_SCHEMA, PACK_MANIFEST_AJV_OPTIONS),
    valid: [
      { id: 'acme-ml', description: 'Acme ML' },
      { id: 'acme-ml', description: 'Acme ML', extends: 'python-ml', abstract: false, files: { managed: ['Dockerfile'] }, policy: { rules: {}, requiredFiles: ['README.md'] }, nextSteps: ['make test'], images: { runtime: `registry.example/python:3.11@sha256:${sha}` } },
    ],
    invalid: [
      { id: 'acme-ml' },
      { id: 'Acme_ML', description: 'x' },
      { id: 'acme-ml', description: 'x', unknown: true },
      { id: 'acme-ml', description: 'x', plopfile: '../escape.js' },
      { id: 'acme-ml', description: 'x', images: { runtime: 'python:3.11' } },
      { id: 'acme-ml', description: 'x', nextSteps: [''] },
    ],
  },
  {
    name: 'fleet document (fleet report, --previous)',
    precompiledFor: () => precompiled.precompiledValidator('fleet'),
    runtime: () => runtime(FLEET_DOCUMENT_SCHEMA, FLEET_AJV_OPTIONS),
    valid: [
      { schema: 'opsmith-fleet', version: 1, repositories: [] },
      { schema: 'opsmith-fleet', version: 1, repositories: [{ name: 'acme/api', status: 'error', error: 'timed out', profiles: ['base'], packs: [{ id: 'python-ml', version: '1.0.0' }], counts: { error: 0, warning: 0, waived: 0, suppressed: 0 }, rules: {}, behind: null, templateDrift: 0, durationMs: 12.5, findings: [{ rule: 'x', severity: 'error', file: null, line: null, message: 'm' }] }] },
    ],
    invalid: [
      { schema: 'other', version: 1, repositories: [] },
      { schema: 'opsmith-fleet', version: 1, repositories: [1] },
      { schema: 'opsmith-fleet', version: 1, repositories: [{ name: 5 }] },
      { schema: 'opsmith-fleet', version: 1, repositories: [{ name: 'x', status: 'ok', profiles: [], packs: [], counts: { error: -1, warning: 0, waived: 0, suppressed: 0 }, rules: {}, behind: null, templateDrift: 0, durationMs: 1, findings: [] }] },
    ],
  },
  {
    name: 'conform JSON report (fleet report)',
    precompiledFor: () => precompiled.precompiledValidator('conformReport'),
    runtime: () => runtime(CONFORM_REPORT_SCHEMA, FLEET_AJV_OPTIONS),
    valid: [{ findings: [] }, { version: 1, findings: [{ rule: 'x', severity: 'warning', message: 'm', file: 'a', line: 3, column: 1 }], waived: [], profiles: ['base'] }],
    invalid: [{ findings: [[]] }, { findings: [{ rule: 'x', severity: 'error' }] }, { findings: [{ rule: 'x', severity: 'error', message: 'm', line: 0 }] }, { findings: 'x' }],
  },
  {
    name: 'project schema: models/model.schema.json',
    precompiledFor: () => precompiled.precompiledValidatorOf(projectSchemaText('model')),
    runtime: () => runtime(JSON.parse(projectSchemaText('model')) as object, PROJECT_SCHEMA_AJV_OPTIONS, true),
    valid: [model({}), model({ description: 'Churn model', created_at: '2026-01-31T12:00:00Z' })],
    invalid: [
      model({ name: 'Churn' }),
      model({ version: '1.2' }),
      model({ unexpected: true }),
      // Matches the schema's pattern but is no date: only the date-time format (ajv-formats) rejects it.
      model({ created_at: '2026-13-45T25:61:00Z' }),
      model({ metrics: [{ name: 'f1' }] }),
      {},
    ],
  },
  {
    name: 'project schema: config/drift.schema.json',
    precompiledFor: () => precompiled.precompiledValidatorOf(projectSchemaText('drift')),
    runtime: () => runtime(JSON.parse(projectSchemaText('drift')) as object, PROJECT_SCHEMA_AJV_OPTIONS, true),
    valid: [{ version: 1, model: 'churn' }, { version: 1, model: 'churn', alias: 'champion', min_samples: 100, thresholds: { psi_warn: 0.1, psi_drift: 0.25, ks_pvalue: 0.05 }, webhook_url_secret: 'DRIFT_WEBHOOK_URL' }],
    invalid: [
      { version: 2, model: 'churn' },
      { version: 1 },
      { version: 1, model: 'churn', min_samples: 0 },
      { version: 1, model: 'churn', thresholds: { jensen_shannon: 1.5 } },
      { version: 1, model: 'churn', webhook_url_secret: 'https://hooks.example/x' },
      { version: 1, model: 'churn', extra: true },
    ],
  },
]

// What a caller sees of a verdict: accepted or not, and each error's place, keyword and message.
function verdict(validate: ValidateFunction, document: unknown) {
  const valid = validate(document)
  return { valid, errors: (validate.errors ?? []).map(({ instancePath, schemaPath, keyword, params, message }) => ({ instancePath, schemaPath, keyword, params, message })) }
}

describe.each(TABLE)('precompiled validator of $name', ({ precompiledFor, runtime: compile, valid, invalid }) => {
  it('exists in the bundle', () => {
    expect(precompiledFor()).toBeTypeOf('function')
  })
  it.each(valid.map((document, index) => ({ index, document })))('accepts valid sample $index like runtime Ajv', ({ document }) => {
    const precompiledVerdict = verdict(precompiledFor() as ValidateFunction, document)
    expect(precompiledVerdict).toEqual(verdict(compile(), document))
    expect(precompiledVerdict.valid).toBe(true)
  })
  it.each(invalid.map((document, index) => ({ index, document })))('rejects invalid sample $index like runtime Ajv, with the same errors', ({ document }) => {
    const precompiledVerdict = verdict(precompiledFor() as ValidateFunction, document)
    expect(precompiledVerdict).toEqual(verdict(compile(), document))
    expect(precompiledVerdict.valid).toBe(false)
  })
})

describe('precompiledValidatorOf', () => {
  it('finds nothing for an edited copy of a built-in schema', () => {
    expect(precompiled.precompiledValidatorOf(`${projectSchemaText('drift')} `)).toBeUndefined()
  })
})
