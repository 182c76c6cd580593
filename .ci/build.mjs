// Run from the package root (npm run build): paths below are relative to it.
// Bundles the CLI into dist/ so the published package has no dependencies: `npm create opsmith` downloads one
// tarball and compiles nothing. dockerode (with docker-modem, ssh2, grpc) lands in its own chunk, loaded only by
// `opsmith image ...` through the dynamic imports in src/commands/image.ts.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import * as esbuild from 'esbuild'

// ssh2 (only used for ssh:// DOCKER_HOST) tries two optional native add-ons inside try/catch and falls back to
// pure JavaScript without them. A stub that throws keeps that fallback and keeps node-gyp out of every install.
const withoutNativeAddons = {
  name: 'without-native-addons',
  setup(build) {
    build.onResolve({ filter: /^cpu-features$|\.node$/ }, (args) => ({ path: args.path, namespace: 'native-addon' }))
    build.onLoad({ filter: /.*/, namespace: 'native-addon' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not bundled with opsmith`)})`,
      loader: 'js',
    }))
  },
}

// The JSON Schema validators of .opsmith.json, opsmith-pack.json and the project schemas generated projects keep
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
const { modules: validators, replacement } = await precompiledValidators()
const withPrecompiledValidators = {
  name: 'precompiled-validators',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]precompiled\.ts$/ }, (args) => (path.resolve(args.path) === PRECOMPILED_MODULE ? { contents: replacement, loader: 'js' } : undefined))
    build.onResolve({ filter: /^precompiled-validator:/ }, (args) => ({ path: args.path.slice('precompiled-validator:'.length), namespace: 'precompiled-validator' }))
    // resolveDir: the standalone code requires ajv's small runtime helpers (ucs2length, formats), bundled from node_modules.
    build.onLoad({ filter: /.*/, namespace: 'precompiled-validator' }, (args) => ({ contents: validators[args.path], loader: 'js', resolveDir: process.cwd() }))
  },
}

// `opsmith conform` runs from dist/conform.cjs: the same CLI as CommonJS, so src/bin/code-cache.ts can keep V8's
// compiled code between runs (Node 20 caches no ES module). Only the conform command is in it; the other commands
// are left out (never loaded from it). Its sha256 heads the file and names the cache.
const otherCommands = {
  name: 'conform-only',
  setup(build) {
    build.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (args) =>
      /[\\/]src[\\/]commands[\\/]index\.ts$/.test(args.importer) && args.path !== './conform.js' ? { path: args.path, namespace: 'not-in-conform-bundle' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'not-in-conform-bundle' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`commands/${args.path} is not in the conform bundle`)})`,
      loader: 'js',
    }))
  },
}
async function buildConformBundle(outdir) {
  const result = await esbuild.build({
    entryPoints: { conform: 'src/bin/conform-bundle.ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    outdir,
    write: false,
    alias: { inquirer: './src/generate/plop-inquirer-stub.ts' },
    plugins: [otherCommands, withoutNativeAddons, withPrecompiledValidators],
    define: { 'import.meta.url': 'importMetaUrlForBundle' },
    banner: { js: "const importMetaUrlForBundle = require('node:url').pathToFileURL(__filename).href;" },
    outExtension: { '.js': '.cjs' },
    logLevel: 'warning',
  })
  const [{ path: file, contents }] = result.outputFiles
  const hash = createHash('sha256').update(contents).digest('hex')
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`// bundle-sha256: ${hash}\n`), contents]))
}

// Built beside dist/ and swapped in with two renames: tests that run dist/bin while `npm pack` rebuilds never see
// a half-written or missing dist/.
const next = `dist.next-${process.pid}`
const old = `dist.old-${process.pid}`
fs.rmSync(next, { recursive: true, force: true })
const result = await esbuild.build({
  entryPoints: ['src/bin/opsmith.ts', 'src/bin/create-opsmith.ts', 'src/index.ts'],
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  mainFields: ['module', 'main'],
  outdir: next,
  outbase: 'src',
  chunkNames: 'chunks/[name]-[hash]',
  // node-plop's own prompting would pull the old inquirer; opsmith asks with @inquirer/prompts instead.
  alias: { inquirer: './src/generate/plop-inquirer-stub.ts' },
  plugins: [withoutNativeAddons, withPrecompiledValidators],
  // Bundled CommonJS packages call require() and read __dirname; ESM has neither, so each output file defines them.
  banner: {
    js: [
      "import { createRequire as createRequireForBundle } from 'node:module';",
      "import { fileURLToPath as fileURLToPathForBundle } from 'node:url';",
      "import { dirname as dirnameForBundle } from 'node:path';",
      'const require = createRequireForBundle(import.meta.url);',
      'const __filename = fileURLToPathForBundle(import.meta.url);',
      'const __dirname = dirnameForBundle(__filename);',
    ].join(' '),
  },
  logLevel: 'warning',
  metafile: process.argv.includes('--metafile'),
})
await buildConformBundle(next)
if (result.metafile) fs.writeFileSync(`${next}/meta.json`, JSON.stringify(result.metafile))
if (fs.existsSync('dist')) fs.renameSync('dist', old)
fs.renameSync(next, 'dist')
fs.rmSync(old, { recursive: true, force: true })
