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
// Packages conform imports only on some runs: the secret detector (a file with a candidate), Ajv (a project's own
// model or drift schema) and execa (a pack from npm). They go to dist/conform-lazy.cjs, which the conform bundle
// loads on the first such dynamic import (src/bin/code-cache.ts runs it, cached the same way): they are 40% of the
// source, which every run would otherwise read and hand to V8 while few run any of it.
const CONFORM_LAZY = ['execa', 'ajv/dist/2020.js', 'ajv-formats', '@secretlint/core', '@secretlint/secretlint-rule-preset-recommend', '@secretlint/profiler']
const LAZY_BUNDLE = './conform-lazy.cjs'
const toLazyBundle = {
  name: 'to-lazy-bundle',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && CONFORM_LAZY.includes(args.path) ? { path: args.path, namespace: 'conform-lazy' } : undefined,
    )
    build.onResolve({ filter: /.*/, namespace: 'conform-lazy' }, (args) => ({ path: args.path, external: true }))
    build.onLoad({ filter: /.*/, namespace: 'conform-lazy' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(LAZY_BUNDLE)})[${JSON.stringify(args.path)}]()`,
      loader: 'js',
    }))
  },
}

async function buildConformBundle(outdir) {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    write: false,
    alias: { inquirer: './src/generate/plop-inquirer-stub.ts' },
    define: { 'import.meta.url': 'importMetaUrlForBundle' },
    banner: { js: "const importMetaUrlForBundle = require('node:url').pathToFileURL(__filename).href;" },
    // Half the bytes to read, decode and hand to V8 on every run, and a smaller compiled-code cache (shorter names):
    // about 10 ms of a 250 ms `opsmith conform`. Messages, not stack traces, are what conform reports.
    minify: true,
    logLevel: 'warning',
  }
  const main = await esbuild.build({
    ...common,
    entryPoints: ['src/bin/conform-bundle.ts'],
    outfile: `${outdir}/conform.cjs`,
    plugins: [otherCommands, toLazyBundle, withoutNativeAddons, withPrecompiledValidators],
  })
  // Each package is required when asked for: a run that loads the detector initialises no execa.
  const lazy = await esbuild.build({
    ...common,
    stdin: {
      contents: `module.exports = {\n${CONFORM_LAZY.map((id) => `  ${JSON.stringify(id)}: () => require(${JSON.stringify(id)}),\n`).join('')}}\n`,
      resolveDir: process.cwd(),
      sourcefile: 'conform-lazy.cjs',
      loader: 'js',
    },
    outfile: `${outdir}/${LAZY_BUNDLE}`,
    plugins: [withoutNativeAddons],
  })
  for (const { path: file, contents } of [...main.outputFiles, ...lazy.outputFiles]) writeBundle(file, contents)
}

// src/bin/code-cache.ts reads a bundle as this writes it: a line with the sha256 of the rest (it names the cache),
// then the code wrapped as its BUNDLE_HEAD and BUNDLE_TAIL say, so V8 compiles the file as it is read.
const BUNDLE_HEAD = "(function (exports, require, module, __filename, __dirname) { 'use strict'; "
const BUNDLE_TAIL = '\n})'
function writeBundle(file, contents) {
  // Read as Latin-1 when it is ASCII (esbuild's default charset escapes everything else).
  if (contents.some((byte) => byte > 0x7f)) throw new Error(`${file} is not ASCII: it would be decoded as UTF-8 on every run.`)
  const wrapped = Buffer.concat([Buffer.from(BUNDLE_HEAD), contents, Buffer.from(BUNDLE_TAIL)])
  const hash = createHash('sha256').update(wrapped).digest('hex')
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`// bundle-sha256: ${hash}\n`), wrapped]))
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
