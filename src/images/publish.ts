import fs from 'node:fs/promises'
import path from 'node:path'
import { ToolError, UsageError } from '../errors.js'
import { PACK_MANIFEST_FILE } from '../packs/manifest.js'
import { IMAGES_DIR } from '../paths.js'
import { BOOTSTRAP_TAG, chooseBase, readPinnedBase } from './base.js'
import { bootstrapBase } from './bootstrap.js'
import { buildImage } from './build.js'
import { checkRegistry, pushImage } from './push.js'
import { verifyImage } from './verify.js'

/** Options of `publishImages`. */
export interface PublishOptions {
  /** HOST[:PORT]/PATH the images are pushed to. */
  registry: string
  /** A template pack folder: its opsmith-pack.json gets the pinned refs as `images`. */
  pack?: string
  /** Bootstrapped Debian image to use (and create) when the pinned one cannot be pulled. */
  bootstrapTag?: string
  /** Local tags to build under (default opsmith/python:dev and opsmith/python:runtime). */
  tags?: { dev: string; runtime: string }
  labels?: Record<string, string>
  /** Progress, one sentence per step. */
  onStep?: (text: string) => void
}

export interface PublishResult {
  dev: string
  runtime: string
  /** The Debian image the builds used. */
  base: string
  pack?: string
}

/** Steps: choose (or bootstrap) the Debian base, build dev and runtime, verify both, push, write the pack. */
export async function publishImages(options: PublishOptions): Promise<PublishResult> {
  const say = options.onStep ?? (() => undefined)
  const tags = options.tags ?? { dev: 'opsmith/python:dev', runtime: 'opsmith/python:runtime' }
  const manifestFile = options.pack === undefined ? undefined : path.join(path.resolve(options.pack), PACK_MANIFEST_FILE)
  // 0. Refuse a wrong --registry or --pack before the long steps.
  checkRegistry(options.registry)
  const manifest = manifestFile === undefined ? undefined : await readManifestObject(manifestFile)
  // 1. The Debian base: pinned, or bootstrapped (debootstrap) when it cannot be pulled.
  const pinned = await readPinnedBase(path.join(IMAGES_DIR, 'python'))
  const bootstrapTag = options.bootstrapTag ?? BOOTSTRAP_TAG
  const base = await chooseBase(pinned, bootstrapTag).catch(async (error: unknown) => {
    if (!(error instanceof ToolError)) throw error
    say(`Cannot pull ${pinned}: bootstrapping ${bootstrapTag} with debootstrap.`)
    await bootstrapBase({ tag: bootstrapTag, labels: options.labels })
    return { base: bootstrapTag, notice: undefined }
  })
  if (base.notice) say(base.notice)
  // 2. Build and verify both variants.
  for (const variant of ['dev', 'runtime'] as const) {
    say(`Building ${tags[variant]}.`)
    await buildImage({ name: 'python', target: variant, tag: tags[variant], base: base.base ?? pinned, labels: options.labels })
    const result = await verifyImage(tags[variant], { variant })
    const failed = result.checks.filter((check) => !check.passed && check.severity === 'error')
    if (failed.length > 0) throw new ToolError('failed', `${tags[variant]} failed verification: ${failed.map((check) => check.message).join(' ')}`)
    say(`Verified ${tags[variant]} (${(result.sizeBytes / 1e6).toFixed(1)} MB).`)
  }
  // 3. Push, then pin the pack to what was pushed.
  const dev = (await pushImage(tags.dev, { registry: options.registry })).pinned
  const runtime = (await pushImage(tags.runtime, { registry: options.registry })).pinned
  if (manifestFile !== undefined && manifest !== undefined) {
    await fs.writeFile(manifestFile, `${JSON.stringify({ ...manifest, images: { ...(manifest.images as object | undefined), dev, runtime } }, null, 2)}\n`)
  }
  return { dev, runtime, base: base.base ?? pinned ?? '', ...(manifestFile ? { pack: manifestFile } : {}) }
}

async function readManifestObject(file: string): Promise<Record<string, unknown>> {
  const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(error.code === 'ENOENT' ? `--pack ${path.dirname(file)} is not a template pack: it has no ${PACK_MANIFEST_FILE}.` : `Cannot read ${file}: ${error.message}`)
  })
  try {
    const parsed = JSON.parse(text) as unknown
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>
  } catch (error) {
    throw new ToolError('config', `${file} is not valid JSON: ${(error as Error).message}`, { cause: error })
  }
  throw new ToolError('config', `${file} must hold a JSON object.`)
}
