import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from '../errors.js'
import { GENERATORS_DIR } from '../paths.js'
import { VERSION } from '../version.js'
import { readPackManifest, type PackManifest } from './manifest.js'
import { installFromNpm, latestNpmVersion } from './npm.js'
import { checkoutLocalVersion } from './local-versions.js'

export type PackSourceType = 'builtin' | 'local' | 'npm'

/** Where a pack came from; recorded in .opsmith.json so update and conform can find its other versions. */
export interface PackSource {
  type: PackSourceType
  /** Built-in id, absolute folder, or npm package name (without version). */
  spec: string
}

/** A template pack ready to load: its manifest, plopfile and provenance. */
export interface TemplatePack {
  id: string
  version: string
  description: string
  dir: string
  plopfile: string
  manifest: PackManifest
  source: PackSource
  /** Built-in packs may use JavaScript actions; other packs need --trust. */
  builtIn: boolean
}

export const DEFAULT_TEMPLATE = 'python-ml'

/** Built-in pack ids: folders of generators/ holding an opsmith-pack.json. */
export function listBuiltInTemplates(): string[] {
  return fs
    .readdirSync(GENERATORS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(GENERATORS_DIR, entry.name, 'opsmith-pack.json')))
    .map((entry) => entry.name)
    .sort()
}

/** Resolves `--template`: a built-in id, a local folder (starts with . or /), or an npm package spec. */
export async function resolvePack(spec: string = DEFAULT_TEMPLATE, cwd = process.cwd()): Promise<TemplatePack> {
  // Folders: ./x, /x, or any x/y that is not a scoped npm name (@scope/name).
  if (spec.startsWith('.') || path.isAbsolute(spec) || (spec.includes('/') && !spec.startsWith('@'))) {
    const dir = path.resolve(cwd, spec)
    if (!fs.existsSync(dir)) throw new UsageError(`Template folder ${dir} does not exist.`)
    // A built-in pack named by its folder (e.g. `template test generators/python-ml`) is still the built-in.
    if (path.dirname(dir) === GENERATORS_DIR && listBuiltInTemplates().includes(path.basename(dir))) return resolvePack(path.basename(dir))
    return loadPack(dir, { type: 'local', spec: dir }, await readPackageVersion(dir))
  }
  if (listBuiltInTemplates().includes(spec)) return loadPack(path.join(GENERATORS_DIR, spec), { type: 'builtin', spec }, VERSION)
  if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*(@.+)?$/.test(spec)) {
    throw new UsageError(`Unknown template "${spec}". Built-in templates: ${listBuiltInTemplates().join(', ')}; or give a folder or an npm package.`)
  }
  const dir = await installFromNpm(spec)
  const name = spec.replace(/(?<=.)@[^/]*$/, '')
  if (!fs.existsSync(path.join(dir, 'opsmith-pack.json'))) {
    throw new UsageError(`Template "${spec}" is not a built-in template (${listBuiltInTemplates().join(', ')}), and the npm package ${name} is not an opsmith template pack (it has no opsmith-pack.json).`)
  }
  return loadPack(dir, { type: 'npm', spec: name }, await readPackageVersion(dir))
}

/** A pack version that could not be had, and why (update then falls back to a 2-way merge and says so). */
export interface UnavailablePack {
  unavailable: string
}

/**
 * The same pack at another version, for `opsmith update`: npm packs and built-ins (inside create-opsmith) come from
 * the registry, local packs from a git tag `v<version>`.
 */
export async function resolvePackVersion(source: PackSource, id: string, version: string): Promise<TemplatePack | UnavailablePack> {
  if (source.type === 'builtin' && version === VERSION) return resolvePack(source.spec)
  try {
    if (source.type === 'npm') {
      const dir = await installFromNpm(`${source.spec}@${version}`)
      return await loadPack(dir, source, await readPackageVersion(dir))
    }
    if (source.type === 'builtin') {
      const root = await installFromNpm(`create-opsmith@${version}`)
      return await loadPack(path.join(root, 'generators', id), source, version)
    }
    if ((await readPackageVersion(source.spec)) === version) return await loadPack(source.spec, source, version)
    const dir = await checkoutLocalVersion(source.spec, version)
    return dir ? await loadPack(dir, source, version) : { unavailable: `${source.spec} has no git tag v${version}` }
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) }
  }
}

/** The newest version of a pack that can be had: the running opsmith's for built-ins, the registry's for npm packs. */
export async function latestPackVersion(source: PackSource, id: string): Promise<string> {
  if (source.type === 'builtin') return VERSION
  if (source.type === 'npm') return latestNpmVersion(source.spec)
  const version = await readPackageVersion(source.spec)
  if (version === '0.0.0' && !fs.existsSync(path.join(source.spec, 'package.json'))) {
    throw new UsageError(`Template pack ${id} was generated from ${source.spec}, which has no package.json any more.`)
  }
  return version
}

async function loadPack(dir: string, source: PackSource, version: string): Promise<TemplatePack> {
  const manifest = await readPackManifest(dir, { validate: source.type !== 'builtin' })
  const plopfile = path.join(dir, manifest.plopfile)
  if (!fs.existsSync(plopfile)) throw new UsageError(`Template pack ${manifest.id} has no ${manifest.plopfile}.`)
  return { id: manifest.id, version, description: manifest.description, dir, plopfile, manifest, source, builtIn: source.type === 'builtin' }
}

async function readPackageVersion(dir: string): Promise<string> {
  const text = await fsp.readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined)
  if (text === undefined) return '0.0.0'
  return ((JSON.parse(text) as { version?: string }).version ?? '0.0.0').trim()
}
