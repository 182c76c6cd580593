import path from 'node:path'
import { UsageError } from '../errors.js'
import type { ProgressEvent } from '../images/progress.js'
import { withProgress } from '../progress.js'
import { defineCommand, defineGroup, REGISTRY_FLAG } from './command.js'

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`

/** Build progress: one rewritten status line on a terminal, plain step lines in CI and pipes. */
function progressPrinter(stream: NodeJS.WritableStream, verbose: boolean, showStep: (step: string) => void): (event: ProgressEvent) => void {
  const tty = (stream as { isTTY?: boolean }).isTTY === true && process.env.CI !== 'true'
  return (event) => {
    for (const line of (event.stream ?? '').split('\n').filter((text) => text.trim() !== '')) {
      const isStep = /^Step \d+\/\d+ : /.test(line)
      if (tty && isStep) showStep(line.slice(0, 80))
      else if (isStep || verbose) stream.write(`${line}\n`)
    }
  }
}

const bootstrap = defineCommand({
  name: 'bootstrap',
  summary: 'Import a minimal Debian root filesystem (debootstrap) as a base image; no registry needed.',
  usage: '',
  flags: {
    suite: { type: 'string', valueName: 'SUITE', description: 'Debian suite (default bookworm).' },
    mirror: { type: 'string', valueName: 'URL', description: 'Debian mirror (default http://deb.debian.org/debian).' },
    tag: { type: 'string', valueName: 'TAG', description: 'Image tag (default opsmith/debian:SUITE).' },
  },
  async run({ flags, stdout, stderr }) {
    const { bootstrapBase } = await import('../images/bootstrap.js')
    const result = await withProgress(stderr, 'Bootstrapping a Debian root filesystem (debootstrap)', () =>
      bootstrapBase({ suite: flags.suite, mirror: flags.mirror, tag: flags.tag }),
    )
    if (flags.verbose) stdout.write(`${result.packages.join('\n')}\n`)
    stdout.write(`${result.tag} ${result.id} ${mb(result.sizeBytes)} (${result.packages.length} packages)\n`)
    return 0
  },
})

const build = defineCommand({
  name: 'build',
  summary: 'Build images/<name> of this package, or the Dockerfile of the project in the current folder.',
  usage: '[name]',
  flags: {
    base: { type: 'string', valueName: 'IMAGE', description: 'Debian image to build FROM (build arg DEBIAN_IMAGE); default the pinned one, or opsmith/debian:bookworm when that cannot be pulled.' },
    tag: { type: 'string', short: 't', valueName: 'TAG', description: 'Image tag (default opsmith/NAME:TARGET, or PROJECT:latest).' },
    target: { type: 'string', valueName: 'STAGE', description: 'Build this stage, e.g. dev, runtime or test (default the last stage).' },
    'build-arg': { type: 'string', multiple: true, valueName: 'KEY=VALUE', description: 'Set a build argument, e.g. DEV_IMAGE=REF@sha256:...' },
    'no-cache': { type: 'boolean', description: 'Do not use the build cache.' },
  },
  args: [{ name: 'name' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    const { buildImage } = await import('../images/build.js')
    const buildArgs = Object.fromEntries(
      flags['build-arg'].map((pair) => {
        const [key, ...value] = pair.split('=')
        if (!key || value.length === 0) throw new UsageError(`--build-arg expects KEY=VALUE, got "${pair}".`)
        return [key, value.join('=')]
      }),
    )
    const label = `Building ${args.name ?? path.basename(cwd)}${flags.target ? ` (${flags.target})` : ''}`
    const result = await withProgress(stderr, label, (progress) => buildImage({
      name: args.name,
      contextDir: cwd,
      base: flags.base,
      tag: flags.tag,
      target: flags.target,
      noCache: flags['no-cache'],
      buildArgs,
      onEvent: progressPrinter(stderr, flags.verbose, progress.update),
      onNotice: (notice) => stderr.write(`${notice}
`),
    }))
    stdout.write(`${result.tag} ${result.id} ${mb(result.sizeBytes)}\n`)
    return 0
  },
})

const verify = defineCommand({
  name: 'verify',
  summary: 'Check a built image: non-root, no setuid, no secrets, no package manager, HEALTHCHECK, size, smoke start.',
  usage: '<image>',
  flags: {
    format: { type: 'string', short: 'f', valueName: 'FORMAT', choices: ['text', 'json', 'sarif'], default: 'text', description: 'Output format: text, json or sarif (default text).' },
    variant: { type: 'string', valueName: 'VARIANT', choices: ['runtime', 'dev'], description: 'runtime or dev (default from the dev.opsmith.variant label, else runtime).' },
    'max-size': { type: 'string', valueName: 'MB', description: 'Size budget (default from the dev.opsmith.size-budget-mb label).' },
    'no-smoke': { type: 'boolean', description: 'Do not start a container.' },
  },
  args: [{ name: 'image', required: true }],
  argsError: 'Name one image: opsmith image verify IMAGE.',
  async run({ args, flags, stdout, stderr }) {
    const { verifyImage } = await import('../images/verify.js')
    const { REPORT_FORMATS } = await import('../images/report.js')
    const maxSize = flags['max-size'] === undefined ? undefined : Number(flags['max-size'])
    if (maxSize !== undefined && !(maxSize > 0)) throw new UsageError(`--max-size must be a number of MB, got "${String(flags['max-size'])}".`)
    const result = await withProgress(stderr, `Verifying ${args.image}`, () => verifyImage(args.image, { variant: flags.variant, maxSizeMb: maxSize, skipSmoke: flags['no-smoke'] }))
    stdout.write(REPORT_FORMATS[flags.format](result))
    return result.passed ? 0 : 1
  },
})

const push = defineCommand({
  name: 'push',
  summary: 'Push an image to a registry and print the pinned reference (image@sha256:...) to put in templates.',
  usage: '<image>',
  flags: {
    registry: REGISTRY_FLAG,
    tag: { type: 'string', short: 't', valueName: 'TAG', description: 'Tag in the registry (default the local tag).' },
  },
  args: [{ name: 'image', required: true }],
  argsError: 'Name one image: opsmith image push IMAGE --registry HOST[:PORT]/PATH.',
  async run({ args, flags, stdout, stderr }) {
    const { pushImage } = await import('../images/push.js')
    if (flags.registry === undefined) throw new UsageError('--registry HOST[:PORT]/PATH is required.')
    const registry = flags.registry
    const result = await withProgress(stderr, `Pushing ${args.image} to ${registry}`, () => pushImage(args.image, { registry, tag: flags.tag }))
    stdout.write(`${result.pinned}\n`)
    return 0
  },
})

const publish = defineCommand({
  name: 'publish',
  summary: 'Build, verify and push the dev and runtime images (bootstrapping Debian when it cannot be pulled); print the pinned refs.',
  usage: '',
  flags: {
    registry: REGISTRY_FLAG,
    pack: { type: 'string', valueName: 'DIR', description: 'A template pack: write the pinned refs into its opsmith-pack.json, so projects generated from it use them.' },
  },
  async run({ flags, stdout, stderr }) {
    const { publishImages } = await import('../images/publish.js')
    if (flags.registry === undefined) throw new UsageError('--registry HOST[:PORT]/PATH is required.')
    const result = await publishImages({ registry: flags.registry, pack: flags.pack, onStep: (text) => stderr.write(`${text}
`) })
    stdout.write(`dev      ${result.dev}
runtime  ${result.runtime}
`)
    if (result.pack) stdout.write(`Wrote both into ${result.pack}: projects generated from the pack build FROM them.
`)
    return 0
  },
})

export default defineGroup({
  name: 'image',
  summary: 'Bootstrap, build, verify, push and publish hardened base images through the Docker Engine.',
  commands: { bootstrap, build, verify, push, publish },
})
