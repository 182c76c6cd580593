import path from 'node:path'
import { UsageError } from '../errors.js'
import type { ProgressEvent } from '../images/progress.js'
import { withProgress } from '../progress.js'
import { defineCommand, type CommandContext, type CommandDefinition } from './command.js'

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
      bootstrapBase({ suite: flags.suite as string | undefined, mirror: flags.mirror as string | undefined, tag: flags.tag as string | undefined }),
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
    base: { type: 'string', valueName: 'IMAGE', description: 'Override the pinned base image (build arg BASE_IMAGE).' },
    tag: { type: 'string', short: 't', valueName: 'TAG', description: 'Image tag (default opsmith/NAME:TARGET, or PROJECT:latest).' },
    target: { type: 'string', valueName: 'STAGE', description: 'Build this stage, e.g. dev, runtime or test (default the last stage).' },
    'build-arg': { type: 'string', multiple: true, valueName: 'KEY=VALUE', description: 'Set a build argument, e.g. DEV_IMAGE=REF@sha256:...' },
    'no-cache': { type: 'boolean', description: 'Do not use the build cache.' },
  },
  async run({ positionals, flags, stdout, stderr, cwd }: CommandContext) {
    const { buildImage } = await import('../images/build.js')
    const buildArgs = Object.fromEntries(
      ((flags['build-arg'] as string[] | undefined) ?? []).map((pair) => {
        const [key, ...value] = pair.split('=')
        if (!key || value.length === 0) throw new UsageError(`--build-arg expects KEY=VALUE, got "${pair}".`)
        return [key, value.join('=')]
      }),
    )
    const label = `Building ${positionals[0] ?? path.basename(cwd)}${flags.target ? ` (${String(flags.target)})` : ''}`
    const result = await withProgress(stderr, label, (progress) => buildImage({
      name: positionals[0],
      contextDir: cwd,
      base: flags.base as string | undefined,
      tag: flags.tag as string | undefined,
      target: flags.target as string | undefined,
      noCache: flags['no-cache'] === true,
      buildArgs,
      onEvent: progressPrinter(stderr, flags.verbose === true, progress.update),
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
    format: { type: 'string', short: 'f', valueName: 'FORMAT', description: 'Output format: text, json or sarif (default text).' },
    variant: { type: 'string', valueName: 'VARIANT', description: 'runtime or dev (default from the dev.opsmith.variant label, else runtime).' },
    'max-size': { type: 'string', valueName: 'MB', description: 'Size budget (default from the dev.opsmith.size-budget-mb label).' },
    'no-smoke': { type: 'boolean', description: 'Do not start a container.' },
  },
  async run({ positionals, flags, stdout, stderr }) {
    const { verifyImage } = await import('../images/verify.js')
    const { REPORT_FORMATS } = await import('../images/report.js')
    const image = positionals[0]
    if (!image || positionals.length > 1) throw new UsageError('Name one image: opsmith image verify IMAGE.')
    const format = (flags.format as string | undefined) ?? 'text'
    const formatter = REPORT_FORMATS[format as keyof typeof REPORT_FORMATS]
    if (!formatter) throw new UsageError(`--format must be text, json or sarif, got "${format}".`)
    const variant = flags.variant as string | undefined
    if (variant !== undefined && variant !== 'runtime' && variant !== 'dev') throw new UsageError(`--variant must be runtime or dev, got "${variant}".`)
    const maxSize = flags['max-size'] === undefined ? undefined : Number(flags['max-size'])
    if (maxSize !== undefined && !(maxSize > 0)) throw new UsageError(`--max-size must be a number of MB, got "${String(flags['max-size'])}".`)
    const result = await withProgress(stderr, `Verifying ${image}`, () => verifyImage(image, { variant, maxSizeMb: maxSize, skipSmoke: flags['no-smoke'] === true }))
    stdout.write(formatter(result))
    return result.passed ? 0 : 1
  },
})

const push = defineCommand({
  name: 'push',
  summary: 'Push an image to a registry and print the pinned reference (image@sha256:...) to put in templates.',
  usage: '<image>',
  flags: {
    registry: { type: 'string', valueName: 'HOST[:PORT]/PATH', description: 'Registry and path, e.g. 127.0.0.1:5000/platform (required).' },
    tag: { type: 'string', short: 't', valueName: 'TAG', description: 'Tag in the registry (default the local tag).' },
  },
  async run({ positionals, flags, stdout, stderr }) {
    const { pushImage } = await import('../images/push.js')
    const image = positionals[0]
    if (!image || positionals.length > 1) throw new UsageError('Name one image: opsmith image push IMAGE --registry HOST[:PORT]/PATH.')
    if (typeof flags.registry !== 'string') throw new UsageError('--registry HOST[:PORT]/PATH is required.')
    const registry = flags.registry
    const result = await withProgress(stderr, `Pushing ${image} to ${registry}`, () => pushImage(image, { registry, tag: flags.tag as string | undefined }))
    stdout.write(`${result.pinned}\n`)
    return 0
  },
})

const SUBCOMMANDS: Record<string, CommandDefinition> = { bootstrap, build, verify, push }

export default defineCommand({
  name: 'image',
  summary: 'Bootstrap, build, verify and push hardened base images through the Docker Engine.',
  usage: '<command>',
  flags: {},
  subcommands: Object.fromEntries(Object.entries(SUBCOMMANDS).map(([name, command]) => [name, async () => command])),
})
