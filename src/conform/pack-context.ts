import fs from 'node:fs'
import path from 'node:path'
import { readPackManifest, type PackManifest } from '../packs/manifest.js'
import { latestPackVersion, resolvePack, resolveRecordedLayers } from '../packs/resolve.js'
import { recordedLayers, recordedSource, type ProjectRecord } from '../record/index.js'
import { GENERATORS_DIR } from '../paths.js'
import { VERSION } from '../version.js'

/** The template pack a repo was generated from, as conform's template rules and policy need it. */
export interface PackContext {
  id: string
  version: string
  /** The pack's manifest at the recorded version (ownership, policy), when it could be loaded. */
  manifest?: PackManifest
  /** The newest version available (built-ins: this opsmith; npm: the registry; local: the folder). */
  newest?: string
  /** Why the pack or its newest version could not be had; reported by manifest-template-version. */
  problems: string[]
}

/**
 * Loads the recorded pack once per run. Built-in packs are read from this opsmith; npm packs come from the
 * user's registry (cached; OPSMITH_OFFLINE=1 skips every lookup), local packs from their folder or git tag.
 */
export async function loadPackContext(record: ProjectRecord | undefined, env: NodeJS.ProcessEnv = process.env): Promise<PackContext | undefined> {
  if (!record) return undefined
  const { template } = record
  const source = recordedSource(record)
  const context: PackContext = { id: template.id, version: template.version, problems: [] }
  if (source.type === 'builtin') {
    const dir = path.join(GENERATORS_DIR, source.spec)
    if (!fs.existsSync(dir)) return context
    context.manifest = (await resolvePack(source.spec, undefined, { asLayer: true })).manifest
    context.newest = VERSION
    return context
  }
  if (source.type === 'local') return loadLocalPack(context, source.spec)
  if (source.type !== 'npm') {
    context.problems.push(`its source type ${JSON.stringify(source.type)} is not one opsmith knows (builtin, local, npm)`)
    return context
  }
  // The spec comes from the repository (a pull request can change it): only a registry name at an exact version.
  if (!REGISTRY_NAME.test(source.spec) || !EXACT_VERSION.test(template.version)) {
    context.problems.push(`the recorded pack ${JSON.stringify(source.spec)} at ${JSON.stringify(template.version)} is not a registry package name with an exact version, so it was not fetched`)
    return context
  }
  if (env.OPSMITH_OFFLINE === '1') {
    context.problems.push('OPSMITH_OFFLINE=1: the pack and its newest version were not looked up')
    return context
  }
  const [pack, newest] = await Promise.allSettled([resolveRecordedLayers(recordedLayers(record)), latestPackVersion(source, template.id)])
  if (pack.status === 'fulfilled' && !('unavailable' in pack.value)) context.manifest = pack.value.manifest
  else context.problems.push(`version ${template.version} of the pack could not be loaded: ${pack.status === 'rejected' ? String(pack.reason) : (pack.value as { unavailable: string }).unavailable}`)
  if (newest.status === 'fulfilled') context.newest = newest.value
  else context.problems.push(`its newest version could not be looked up: ${newest.reason instanceof Error ? newest.reason.message : String(newest.reason)}`)
  return context
}

const REGISTRY_NAME = /^(@[a-z0-9~][a-z0-9-._~]*\/)?[a-z0-9~][a-z0-9-._~]*$/
const EXACT_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/

// A local pack is only read, never run (no git, no install): its manifest and package.json as they are now,
// each opened only if it is a regular file.
async function loadLocalPack(context: PackContext, dir: string): Promise<PackContext> {
  const regular = (file: string) => fs.lstatSync(path.join(dir, file), { throwIfNoEntry: false })?.isFile() === true
  if (!path.isAbsolute(dir) || !regular('opsmith-pack.json')) {
    context.problems.push(`the recorded pack folder ${dir} has no opsmith-pack.json`)
    return context
  }
  try {
    context.manifest = await readPackManifest(dir)
    if (regular('package.json')) context.newest = await latestPackVersion({ type: 'local', spec: dir }, context.id)
  } catch (error) {
    context.problems.push(`the pack in ${dir} could not be read: ${error instanceof Error ? error.message : String(error)}`)
  }
  return context
}
