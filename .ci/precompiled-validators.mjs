// Run from the package root (build.mjs, vitest): paths below are relative to it.
import fs from 'node:fs'
import path from 'node:path'
import * as esbuild from 'esbuild'

// The JSON Schema validators of .opsmith.json, opsmith-pack.json, the fleet document and the project schemas generated projects keep
// unedited are compiled here, once, into Ajv standalone code that replaces src/precompiled.ts in the bundle: the CLI
// neither loads Ajv nor compiles those schemas at run time. The schemas and Ajv options stay in src/ (imported
// below); the generated code exists only inside dist/.
const PRECOMPILED_MODULE = path.resolve('src/precompiled.ts')
async function precompiledValidators() {
  const sources = await esbuild.build({
    stdin: {
      contents: [
        "export { PROJECT_RECORD_SCHEMA, PROJECT_RECORD_AJV_OPTIONS } from './src/record/schema.ts'",
        "export { PACK_MANIFEST_SCHEMA, PACK_MANIFEST_AJV_OPTIONS } from './src/packs/manifest.ts'",
        "export { BUILT_IN_PROJECT_SCHEMAS, PROJECT_SCHEMA_AJV_OPTIONS } from './src/conform/parse/project-schemas.ts'",
        "export { CONFORM_REPORT_SCHEMA, FLEET_AJV_OPTIONS, FLEET_DOCUMENT_SCHEMA } from './src/fleet/schema.ts'",
      ].join('\n'),
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  })
  const schemas = await import(`data:text/javascript;base64,${Buffer.from(sources.outputFiles[0].text).toString('base64')}`)
  const { default: Ajv2020 } = await import('ajv/dist/2020.js')
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js')
  const { default: addFormats } = await import('ajv-formats')
  const { _ } = await import('ajv/dist/compile/codegen/index.js')
  const compile = (schema, options, withFormats) => {
    const formats = withFormats ? { formats: _`require("ajv-formats/dist/formats").fullFormats` } : {}
    const ajv = new Ajv2020({ ...options, code: { source: true, esm: true, ...formats } })
    if (withFormats) addFormats(ajv)
    return standaloneCode(ajv, ajv.compile(schema))
  }
  const modules = {
    record: compile(schemas.PROJECT_RECORD_SCHEMA, schemas.PROJECT_RECORD_AJV_OPTIONS),
    manifest: compile(schemas.PACK_MANIFEST_SCHEMA, schemas.PACK_MANIFEST_AJV_OPTIONS),
    fleet: compile(schemas.FLEET_DOCUMENT_SCHEMA, schemas.FLEET_AJV_OPTIONS),
    conformReport: compile(schemas.CONFORM_REPORT_SCHEMA, schemas.FLEET_AJV_OPTIONS),
  }
  const byName = Object.keys(modules)
  // Used when a project's copy of the schema is byte for byte the template's.
  const byText = {}
  for (const [name, file] of Object.entries(schemas.BUILT_IN_PROJECT_SCHEMAS)) {
    const text = fs.readFileSync(path.join('templates', file), 'utf8')
    modules[`project_${name}`] = compile(JSON.parse(text), schemas.PROJECT_SCHEMA_AJV_OPTIONS, true)
    byText[`project_${name}`] = text
  }
  const replacement = [
    ...Object.keys(modules).map((name) => `import ${name} from ${JSON.stringify(`precompiled-validator:${name}`)}`),
    `const byName = new Map([${byName.map((name) => `[${JSON.stringify(name)}, ${name}]`).join(', ')}])`,
    `const byText = new Map([${Object.entries(byText).map(([name, text]) => `[${JSON.stringify(text)}, ${name}]`).join(', ')}])`,
    'export function precompiledValidator(name) { return byName.get(name) }',
    'export function precompiledValidatorOf(text) { return byText.get(text) }',
  ].join('\n')
  return { modules, replacement }
}
/** The esbuild plugin that swaps src/precompiled.ts for the validators compiled here (build.mjs, test/precompiled.test.ts). */
export async function precompiledValidatorsPlugin() {
  const { modules: validators, replacement } = await precompiledValidators()
  return {
    name: 'precompiled-validators',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]precompiled\.ts$/ }, (args) => (path.resolve(args.path) === PRECOMPILED_MODULE ? { contents: replacement, loader: 'js' } : undefined))
      build.onResolve({ filter: /^precompiled-validator:/ }, (args) => ({ path: args.path.slice('precompiled-validator:'.length), namespace: 'precompiled-validator' }))
      // resolveDir: the standalone code requires ajv's small runtime helpers (ucs2length, formats), bundled from node_modules.
      build.onLoad({ filter: /.*/, namespace: 'precompiled-validator' }, (args) => ({ contents: validators[args.path], loader: 'js', resolveDir: process.cwd() }))
    },
  }
}
