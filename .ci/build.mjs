// Run from the package root (npm run build): paths below are relative to it.
// Bundles the CLI into dist/ so the published package has no dependencies: `npm create opsmith` downloads one
// tarball and compiles nothing. dockerode (with docker-modem, ssh2, grpc) lands in its own chunk, loaded only by
// `opsmith image ...` through the dynamic imports in src/commands/image.ts.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import * as esbuild from 'esbuild'
import { precompiledValidatorsPlugin } from './precompiled-validators.mjs'

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

const withPrecompiledValidators = await precompiledValidatorsPlugin()

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
  // src/bin/code-cache.ts reads it as Latin-1 when it is ASCII (esbuild's default charset escapes everything else).
  if (contents.some((byte) => byte > 0x7f)) throw new Error(`${file} is not ASCII: it would be decoded as UTF-8 on every run.`)
  const hash = createHash('sha256').update(contents).digest('hex')
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`// bundle-sha256: ${hash}\n`), contents]))
}

// The two bins are CommonJS (dist/bin/package.json says so): Node starts a CommonJS entry without loading its
// ES module loader, a few milliseconds of every `opsmith conform`. Each imports the CLI (dist/cli.js, an ES
// module) only when it needs it; conform runs from dist/conform.cjs instead.
async function buildBins(outdir) {
  await esbuild.build({
    entryPoints: ['src/bin/opsmith.ts', 'src/bin/create-opsmith.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir: `${outdir}/bin`,
    external: ['../cli.js'],
    logLevel: 'warning',
  })
  fs.writeFileSync(`${outdir}/bin/package.json`, `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`)
}

// Built beside dist/ and swapped in with two renames: tests that run dist/bin while `npm pack` rebuilds never see
// a half-written or missing dist/.
const next = `dist.next-${process.pid}`
const old = `dist.old-${process.pid}`
fs.rmSync(next, { recursive: true, force: true })
const result = await esbuild.build({
  entryPoints: ['src/cli.ts', 'src/index.ts'],
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
await buildBins(next)
if (result.metafile) fs.writeFileSync(`${next}/meta.json`, JSON.stringify(result.metafile))
if (fs.existsSync('dist')) fs.renameSync('dist', old)
fs.renameSync(next, 'dist')
fs.rmSync(old, { recursive: true, force: true })
