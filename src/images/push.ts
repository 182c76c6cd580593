import { ToolError, UsageError } from '../errors.js'
import { connectEngine } from './docker.js'
import { followProgress } from './progress.js'

/** Options of `pushImage`: `registry` is HOST[:PORT]/PATH, e.g. `registry.example.com/platform`. */
export interface PushOptions {
  registry: string
  /** Tag in the registry; default the local tag (or `latest`). */
  tag?: string
}

export interface PushResult {
  /** Repository in the registry, e.g. `127.0.0.1:5000/platform/python`. */
  repository: string
  tag: string
  digest: string
  /** What templates and projects pin: `repository@sha256:...`. */
  pinned: string
}

/**
 * Tags IMAGE into the registry and pushes it through the Engine API; the manifest digest comes from
 * the push stream's final `aux` message. Credentials, when needed, come from OPSMITH_REGISTRY_USER
 * and OPSMITH_REGISTRY_PASSWORD (never flags, so they stay out of shell history).
 */
export async function pushImage(image: string, options: PushOptions): Promise<PushResult> {
  const registry = checkRegistry(options.registry)
  const docker = await connectEngine()
  const source = docker.getImage(image)
  await source.inspect().catch((error: unknown) => {
    throw new ToolError('usage', `No image "${image}" in the engine. Build it first.`, { cause: error })
  })
  const { name, tag: localTag } = splitReference(image)
  const repository = `${registry}/${name.split('/').pop()}`
  const tag = options.tag ?? localTag
  await source.tag({ repo: repository, tag })
  const auth = process.env.OPSMITH_REGISTRY_USER
    ? { username: process.env.OPSMITH_REGISTRY_USER, password: process.env.OPSMITH_REGISTRY_PASSWORD ?? '', serveraddress: registry.split('/')[0] }
    : {}
  // The engine insists on an X-Registry-Auth header even for anonymous pushes: send `{}`.
  const stream = (await docker.getImage(`${repository}:${tag}`).push({ authconfig: auth } as never)) as unknown as AsyncIterable<unknown>
  const events = await followProgress(stream, { action: `push of ${repository}:${tag}` })
  const digest = events.map((event) => event.aux?.Digest).find((value) => value?.startsWith('sha256:'))
  if (!digest) throw new ToolError('failed', `The push of ${repository}:${tag} finished without reporting a digest.`)
  return { repository, tag, digest, pinned: `${repository}@${digest}` }
}

/** `--registry` without trailing slashes; a UsageError when it is not HOST[:PORT]/PATH. */
export function checkRegistry(value: string): string {
  const registry = value.replace(/\/+$/, '')
  if (!/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/.test(registry)) {
    throw new UsageError(`--registry must be HOST[:PORT]/PATH (e.g. 127.0.0.1:5000/platform), got "${value}".`)
  }
  return registry
}

function splitReference(reference: string): { name: string; tag: string } {
  const withoutDigest = reference.split('@')[0] ?? reference
  const colon = withoutDigest.lastIndexOf(':')
  if (colon > withoutDigest.lastIndexOf('/')) return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) }
  return { name: withoutDigest, tag: 'latest' }
}
