#!/usr/bin/env node
// The release, as .github/workflows/release.yml runs it on a version tag (and a test runs it with --dry-run
// against loopback registries):
//   1. build opsmith;
//   2. build the base images of images/ with opsmith itself, verify them, push them to --image-registry;
//   3. sign each pushed digest keyless with cosign, attest its CycloneDX SBOM (trivy) and its SLSA provenance
//      -- not in a dry run;
//   4. pack, and write the pushed digests into images/refs.json of the packed copy, so the published package's
//      pack defaults are real (the checkout is not modified);
//   5. npm publish that copy (with --provenance, except in a dry run) to --npm-registry;
//   6. print the refs (and write them to $GITHUB_OUTPUT).
// A dry run publishes for real to the registries it is given; it skips only what needs a CI identity
// (the version-tag check, cosign signatures and attestations, npm provenance).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

const ROOT = path.resolve(import.meta.dirname, '..')
const REFS = path.join(ROOT, 'images/refs.json')
const OPSMITH = path.join(ROOT, 'dist/bin/opsmith.js')
const USAGE = 'Usage: npm run release -- [--dry-run] --npm-registry URL --image-registry HOST[:PORT]/PATH [--base IMAGE] [--skip-build]'

function fail(message) {
  console.error(`release: ${message}`)
  process.exit(2)
}

function step(title) {
  console.log(`\n== ${title} (${new Date().toISOString()})`)
}

class StepFailed extends Error {}

/** Runs a command with output passed through; returns its stdout when `capture` is set. Throws on failure. */
function run(command, args, { capture = false } = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' })
  if (result.status !== 0) {
    throw new StepFailed(`\`${command} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`)
  }
  return capture ? result.stdout : ''
}

/** SLSA v1 provenance of an image built by this script in GitHub Actions (what the workflow run says about itself). */
function slsaProvenance(variant, base) {
  const env = process.env
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com'
  return {
    buildDefinition: {
      buildType: 'https://github.com/opsmith/opsmith/.ci/release.mjs@v1',
      externalParameters: { workflow: { ref: env.GITHUB_REF, repository: `${server}/${env.GITHUB_REPOSITORY}`, path: env.GITHUB_WORKFLOW_REF }, image: 'python', target: variant, base: base ?? 'the Dockerfile default' },
      internalParameters: { github: { event_name: env.GITHUB_EVENT_NAME, repository_id: env.GITHUB_REPOSITORY_ID, repository_owner_id: env.GITHUB_REPOSITORY_OWNER_ID } },
      resolvedDependencies: [{ uri: `git+${server}/${env.GITHUB_REPOSITORY}@${env.GITHUB_REF}`, digest: { gitCommit: env.GITHUB_SHA } }],
    },
    runDetails: {
      builder: { id: `${server}/${env.GITHUB_WORKFLOW_REF}` },
      metadata: { invocationId: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT}` },
    },
  }
}

let options
try {
  options = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false },
      'npm-registry': { type: 'string' },
      'image-registry': { type: 'string' },
      base: { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values
} catch (error) {
  fail(`${error.message}\n${USAGE}`)
}
if (options.help) {
  console.log(USAGE)
  process.exit(0)
}
const dryRun = options['dry-run']
const npmRegistry = options['npm-registry']
const imageRegistry = options['image-registry']?.replace(/\/+$/, '')
if (!npmRegistry || !/^https?:\/\//.test(npmRegistry)) fail(`--npm-registry must be an http(s) URL.\n${USAGE}`)
if (!imageRegistry || !/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/.test(imageRegistry)) fail(`--image-registry must be HOST[:PORT]/PATH, e.g. ghcr.io/opsmith.\n${USAGE}`)

const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
const refs = JSON.parse(fs.readFileSync(REFS, 'utf8'))
if (!dryRun && process.env.GITHUB_REF_NAME !== `v${version}`) {
  fail(`the tag ${process.env.GITHUB_REF_NAME ?? '(none)'} is not v${version}, the version in package.json.`)
}

try {
  step('1. build opsmith')
  if (options['skip-build']) console.log('skipped (--skip-build): using dist/ as it is')
  else run('npm', ['run', 'build', '--silent'])

  // images/refs.json `release` names each variant the release publishes (<registry>/<image>:<tag>); the
  // published package pins them as its `dev` and `runtime` defaults (empty in the checkout: projects build their own).
  const published = {}
  for (const [variant, ref] of Object.entries(refs.release ?? {})) {
    const match = /^(?:.+\/)?([a-z0-9._-]+):([\w.-]+)$/.exec(ref)
    if (!match) throw new StepFailed(`images/refs.json: release.${variant} is not IMAGE:TAG`)
    const [, image, tag] = match
    const local = `opsmith-release/${image}:${tag}-${version}`

    step(`2. ${variant}: build, verify and push ${image}:${tag}`)
    run('node', [OPSMITH, 'image', 'build', image, '--target', variant, '--tag', local, '--build-arg', `VERSION=${version}`, ...(options.base ? ['--base', options.base] : [])])
    run('node', [OPSMITH, 'image', 'verify', local, '--variant', variant])
    const pinned = run('node', [OPSMITH, 'image', 'push', local, '--registry', imageRegistry, '--tag', tag], { capture: true }).trim().split('\n').at(-1)
    if (!/@sha256:[0-9a-f]{64}$/.test(pinned ?? '')) throw new StepFailed(`the push of ${local} printed no pinned reference`)
    published[variant] = `${imageRegistry}/${image}:${tag}@${pinned.split('@')[1]}`
    console.log(published[variant])

    if (!dryRun) {
      step(`3. ${variant}: sign, attest the SBOM and the build provenance (cosign keyless, the workflow's identity)`)
      const sbom = path.join(os.tmpdir(), `opsmith-sbom-${variant}.cdx.json`)
      const provenance = path.join(os.tmpdir(), `opsmith-provenance-${variant}.json`)
      run('trivy', ['image', '--quiet', '--format', 'cyclonedx', '--output', sbom, pinned])
      fs.writeFileSync(provenance, JSON.stringify(slsaProvenance(variant, options.base)))
      run('cosign', ['sign', '--yes', pinned])
      run('cosign', ['attest', '--yes', '--type', 'cyclonedx', '--predicate', sbom, pinned])
      run('cosign', ['attest', '--yes', '--type', 'slsaprovenance1', '--predicate', provenance, pinned])
    }
  }

  step('4. pack, and write the pushed digests into images/refs.json of the package (the checkout stays as it is)')
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-release-'))
  const tarball = run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', staging], { capture: true }).trim().split('\n').at(-1)
  run('tar', ['-xzf', path.join(staging, tarball), '-C', staging])
  const how = dryRun ? 'a dry run: not signed, no attestations' : 'signed keyless with cosign, SBOM and provenance attested'
  const comment = `Default base images of the built-in packs, published by the release of opsmith ${version} (built, verified and pushed with opsmith; ${how}).`
  fs.writeFileSync(path.join(staging, 'package/images/refs.json'), `${JSON.stringify({ ...refs, $comment: comment, ...published }, null, 2)}\n`)

  step(`5. npm publish create-opsmith@${version} to ${npmRegistry}`)
  run('npm', ['publish', path.join(staging, 'package'), '--ignore-scripts', '--registry', npmRegistry, '--access', 'public', ...(dryRun ? [] : ['--provenance'])])
  fs.rmSync(staging, { recursive: true, force: true })

  step('6. released')
  for (const [variant, ref] of Object.entries(published)) console.log(`${variant} ${ref}`)
  if (process.env.GITHUB_OUTPUT) {
    const lines = Object.entries(published).map(([variant, ref]) => `${variant}-image=${ref.split('@')[0].replace(/:[^:/]+$/, '')}\n${variant}-digest=${ref.split('@')[1]}\n`)
    fs.appendFileSync(process.env.GITHUB_OUTPUT, lines.join(''))
  }
} catch (error) {
  if (!(error instanceof StepFailed)) throw error
  console.error(`release: ${error.message}`)
  process.exitCode = 1
}
