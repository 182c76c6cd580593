import fs from 'node:fs/promises'
import path from 'node:path'
import { ToolError, UsageError } from '../errors.js'
import { IMAGES_DIR } from '../paths.js'
import { readProjectRecord, RECORD_FILE } from '../record/index.js'
import { VERSION } from '../version.js'
import { DEBIAN_ARG, chooseBase, readPinnedBase, rebaseDockerfile } from './base.js'
import { packContext } from './context.js'
import { OPSMITH_LABEL, connectEngine } from './docker.js'
import { followProgress, type ProgressEvent } from './progress.js'

/** Options of `buildImage`; `name` picks images/<name>, otherwise `contextDir` is built. */
export interface BuildOptions {
  /** An image of this package (images/<name>/Dockerfile). */
  name?: string
  /** A directory holding a Dockerfile, e.g. a generated project; defaults to the cwd. */
  contextDir?: string
  /** Overrides the Dockerfile's pinned DEBIAN_IMAGE build arg. */
  base?: string
  /** The image to use when the pinned Debian image cannot be pulled (default opsmith/debian:bookworm). */
  bootstrapTag?: string
  tag?: string
  /** Multi-stage target, e.g. `dev` or `runtime`; default is the last stage. */
  target?: string
  noCache?: boolean
  buildArgs?: Record<string, string>
  labels?: Record<string, string>
  onEvent?: (event: ProgressEvent) => void
  /** Told before the build starts when it uses another base than the pinned one. */
  onNotice?: (notice: string) => void
}

export interface BuildResult {
  tag: string
  id: string
  sizeBytes: number
  contextDir: string
  /** Set when the build used another base than the pinned one, saying which and why. */
  notice?: string
}

/** Builds an image through the Engine API and rejects, naming the failing step, when a step fails. */
export async function buildImage(options: BuildOptions): Promise<BuildResult> {
  const { contextDir, defaultRepository } = await resolveContext(options)
  const tag = options.tag ?? `${defaultRepository}:${options.target ?? 'latest'}`
  const docker = await connectEngine()
  // An explicit base wins; otherwise the pinned one, or the bootstrapped one when it cannot be pulled.
  const explicit = options.base ?? options.buildArgs?.[DEBIAN_ARG]
  const choice = explicit === undefined ? await chooseBase(await readPinnedBase(contextDir), options.bootstrapTag) : { base: explicit }
  if (choice.notice) options.onNotice?.(choice.notice)
  const buildargs = { ...options.buildArgs, ...(choice.base ? { [DEBIAN_ARG]: choice.base } : {}) }
  const rebased = choice.base ? await rebaseDockerfile(contextDir, choice.base) : undefined
  const context = await packContext(contextDir, 'Dockerfile', rebased === undefined ? {} : { Dockerfile: rebased })
  const stream = (await docker.buildImage(context as never, {
    t: tag,
    buildargs,
    target: options.target,
    nocache: options.noCache ?? false,
    rm: true,
    forcerm: true,
    labels: { [OPSMITH_LABEL]: `opsmith ${VERSION}`, ...options.labels },
  } as never)) as unknown as AsyncIterable<unknown>
  await followProgress(stream, { action: `build of ${tag}`, onEvent: options.onEvent })
  const info = await docker.getImage(tag).inspect()
  return { tag, id: info.Id, sizeBytes: info.Size, contextDir, ...(choice.notice ? { notice: choice.notice } : {}) }
}

async function resolveContext(options: BuildOptions): Promise<{ contextDir: string; defaultRepository: string }> {
  if (options.name !== undefined) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(options.name)) throw new UsageError(`Invalid image name "${options.name}".`)
    const contextDir = path.join(IMAGES_DIR, options.name)
    if (!(await exists(path.join(contextDir, 'Dockerfile')))) {
      const known = (await fs.readdir(IMAGES_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory())
      const names = known.map((entry) => entry.name).join(', ')
      throw new UsageError(`Unknown image "${options.name}". Images in this package: ${names}.`)
    }
    return { contextDir, defaultRepository: `opsmith/${options.name}` }
  }
  const contextDir = path.resolve(options.contextDir ?? process.cwd())
  if (!(await exists(path.join(contextDir, 'Dockerfile')))) {
    throw new UsageError(`No Dockerfile in ${contextDir}. Name an image (\`opsmith image build python\`) or run inside a project.`)
  }
  return { contextDir, defaultRepository: await projectRepository(contextDir) }
}

/** A generated project's image is named after the project (.opsmith.json), else after its folder. */
async function projectRepository(dir: string): Promise<string> {
  const fallback = path.basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-')
  const { record, errors, exists } = await readProjectRecord(dir)
  if (!exists) return fallback
  if (!record) throw new ToolError('config', `${path.join(dir, RECORD_FILE)} is invalid: ${errors.join('; ')}`)
  const name = record.answers?.projectName
  return typeof name === 'string' && name !== '' ? name : fallback
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  )
}
