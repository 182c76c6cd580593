import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError, UsageError } from '../errors.js'
import { DATA_GENERATOR_FILES } from './data-generators.js'
import { GENERATORS_DIR } from '../paths.js'
import { VERSION } from '../version.js'
import { mergeManifests } from './layers.js'
import { PACK_MANIFEST_FILE, readPackManifest, type PackManifest } from './manifest.js'
import { installFromNpm, latestNpmVersion } from './npm.js'
import { checkoutLocalVersion } from './local-versions.js'
import type { PackSource, RecordedLayer } from '../record/index.js'

export type { PackSource, PackSourceType, RecordedLayer } from '../record/index.js'

/** A template pack ready to load: its manifest, plopfile and provenance. */
export interface TemplatePack {
  id: string
  version: string
  description: string
  dir: string
  plopfile: string
  /** The effective manifest: this pack's own, merged over its parents' (see mergeManifests). */
  manifest: PackManifest
  /** This layer's own opsmith-pack.json (its migrations, its `extends`). */
  ownManifest: PackManifest
  source: PackSource
  /** Built-in packs may use JavaScript actions; other packs need --trust. */
  builtIn: boolean
  /** The pack this one extends (`extends` in its manifest), itself resolved with its own parents. */
  parent?: TemplatePack
}

export interface ResolveOptions {
  /** Packs already being resolved below this one (child first), to refuse an `extends` cycle. */
  chain?: string[]
  /** Resolving a parent layer: abstract packs are allowed. */
  asLayer?: boolean
  /** Resolve `extends` (default true); false loads this one layer, as recorded chains need. */
  parents?: boolean
}

export const DEFAULT_TEMPLATE = 'python-ml'

/** Built-in pack ids: folders of generators/ holding an opsmith-pack.json; abstract ones (python-base) only on request. */
export function listBuiltInTemplates(options: { abstract?: boolean } = {}): string[] {
  return fs
    .readdirSync(GENERATORS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(GENERATORS_DIR, entry.name, PACK_MANIFEST_FILE)))
    .filter((entry) => options.abstract === true || !isAbstract(path.join(GENERATORS_DIR, entry.name)))
    .map((entry) => entry.name)
    .sort()
}

function isAbstract(dir: string): boolean {
  return (JSON.parse(fs.readFileSync(path.join(dir, PACK_MANIFEST_FILE), 'utf8')) as { abstract?: unknown }).abstract === true
}

/** Resolves `--template`: a built-in id, a local folder (starts with . or /), or an npm package spec. */
export async function resolvePack(spec: string = DEFAULT_TEMPLATE, cwd = process.cwd(), options: ResolveOptions = {}): Promise<TemplatePack> {
  const pack = await resolveSpec(spec, cwd, options)
  if (pack.ownManifest.abstract === true && options.asLayer !== true) {
    throw new UsageError(`Template "${pack.id}" is a pack for other packs to extend, not a project template. Built-in templates: ${listBuiltInTemplates().join(', ')}.`)
  }
  return pack
}

async function resolveSpec(spec: string, cwd: string, options: ResolveOptions): Promise<TemplatePack> {
  const builtIns = listBuiltInTemplates({ abstract: true })
  // Folders: ./x, /x, or any x/y that is not a scoped npm name (@scope/name).
  if (spec.startsWith('.') || path.isAbsolute(spec) || (spec.includes('/') && !spec.startsWith('@'))) {
    const dir = path.resolve(cwd, spec)
    if (!fs.existsSync(dir)) throw new UsageError(`Template folder ${dir} does not exist.`)
    // A built-in pack named by its folder (e.g. `template test generators/python-ml`) is still the built-in.
    if (path.dirname(dir) === GENERATORS_DIR && builtIns.includes(path.basename(dir))) return resolveSpec(path.basename(dir), cwd, options)
    return loadPack(dir, { type: 'local', spec: dir }, await readPackageVersion(dir), options)
  }
  if (builtIns.includes(spec)) return loadPack(path.join(GENERATORS_DIR, spec), { type: 'builtin', spec }, VERSION, options)
  if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*(@.+)?$/.test(spec)) {
    throw new UsageError(`Unknown template "${spec}". Built-in templates: ${listBuiltInTemplates().join(', ')}; or give a folder or an npm package.`)
  }
  const dir = await installFromNpm(spec)
  const name = spec.replace(/(?<=.)@[^/]*$/, '')
  if (!fs.existsSync(path.join(dir, 'opsmith-pack.json'))) {
    throw new UsageError(`Template "${spec}" is not a built-in template (${listBuiltInTemplates().join(', ')}), and the npm package ${name} is not an opsmith template pack (it has no opsmith-pack.json).`)
  }
  return loadPack(dir, { type: 'npm', spec: name }, await readPackageVersion(dir), options)
}

/** A pack version that could not be had, and why (update then falls back to a 2-way merge and says so). */
export interface UnavailablePack {
  unavailable: string
}

/**
 * The same pack at another version, for `opsmith update`: npm packs and built-ins (inside create-opsmith) come from
 * the registry, local packs from a git tag `v<version>`.
 */
export async function resolvePackVersion(source: PackSource, id: string, version: string, options: ResolveOptions = {}): Promise<TemplatePack | UnavailablePack> {
  if (source.type === 'builtin' && version === VERSION) return resolvePack(source.spec, process.cwd(), options)
  try {
    if (source.type === 'npm') {
      const dir = await installFromNpm(`${source.spec}@${version}`)
      return await loadPack(dir, source, await readPackageVersion(dir), options)
    }
    if (source.type === 'builtin') {
      const root = await installFromNpm(`create-opsmith@${version}`)
      return await loadPack(path.join(root, 'generators', id), source, version, options)
    }
    if ((await readPackageVersion(source.spec)) === version) return await loadPack(source.spec, source, version, options)
    const dir = await checkoutLocalVersion(source.spec, version)
    return dir ? await loadPack(dir, source, version, options) : { unavailable: `${source.spec} has no git tag v${version}` }
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

/**
 * The layers a project records (parents root first, then its own pack), each at its recorded version, linked as
 * they were when the project was rendered, whatever their `extends` says today.
 */
export async function resolveRecordedLayers(layers: RecordedLayer[]): Promise<TemplatePack | UnavailablePack> {
  // A record without parents (written before packs could extend packs): the pack's own `extends` says.
  if (layers.length === 1) {
    const [only] = layers as [RecordedLayer]
    return resolvePackVersion(only.source, only.id, only.version, { asLayer: true })
  }
  const loaded = await Promise.all(layers.map((layer) => resolvePackVersion(layer.source, layer.id, layer.version, { parents: false, asLayer: true })))
  let pack: TemplatePack | undefined
  for (const layer of loaded) {
    if ('unavailable' in layer) return layer
    pack = linkParent(layer, pack)
  }
  if (!pack) throw new UsageError('The project records no template.')
  return pack
}

/** A pack's layers as .opsmith.json records them: parents root first (under `extends`), then the pack itself. */
export function recordLayers(pack: TemplatePack): { layer: RecordedLayer; parents: RecordedLayer[] } {
  const record = (layer: TemplatePack): RecordedLayer => ({ id: layer.id, version: layer.version, source: layer.source })
  const parents: RecordedLayer[] = []
  for (let parent = pack.parent; parent; parent = parent.parent) parents.unshift(record(parent))
  return { layer: record(pack), parents }
}

async function loadPack(dir: string, source: PackSource, version: string, options: ResolveOptions = {}): Promise<TemplatePack> {
  const manifest = await readPackManifest(dir, { validate: source.type !== 'builtin' })
  const plopfile = path.join(dir, findGeneratorsFile(dir, manifest.plopfile))
  if (!fs.existsSync(plopfile)) throw new UsageError(`Template pack ${manifest.id} has no ${manifest.plopfile} (nor ${DATA_GENERATOR_FILES.join(', ')}).`)
  if (options.chain?.includes(manifest.id)) {
    throw new UsageError(`Template pack ${options.chain[0]} cannot be loaded: its \`extends\` chain is a cycle (${[...options.chain, manifest.id].join(' -> ')}).`)
  }
  const pack: TemplatePack = { id: manifest.id, version, description: manifest.description, dir, plopfile, manifest, ownManifest: manifest, source, builtIn: source.type === 'builtin' }
  if (manifest.extends === undefined || options.parents === false) return pack
  const chain = [...(options.chain ?? []), manifest.id]
  const parent = await resolvePack(manifest.extends, dir, { chain, asLayer: true }).catch((error: unknown) => {
    if (error instanceof UsageError && !error.message.startsWith('Template pack ')) {
      throw new UsageError(`Template pack ${manifest.id} extends "${manifest.extends}", which cannot be loaded: ${error.message}`, { cause: error })
    }
    throw error
  })
  return linkParent(pack, parent)
}

function linkParent(pack: TemplatePack, parent: TemplatePack | undefined): TemplatePack {
  if (!parent) return { ...pack, manifest: pack.ownManifest, parent: undefined }
  return { ...pack, manifest: mergeManifests(pack.ownManifest, parent.manifest), parent }
}

// The manifest's `plopfile` (default plopfile.js); without one, generators given as data (generators.yaml).
function findGeneratorsFile(dir: string, declared: string): string {
  if (declared !== 'plopfile.js' || fs.existsSync(path.join(dir, declared))) return declared
  return DATA_GENERATOR_FILES.find((file) => fs.existsSync(path.join(dir, file))) ?? declared
}

async function readPackageVersion(dir: string): Promise<string> {
  const file = path.join(dir, 'package.json')
  const text = await fsp.readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) return '0.0.0'
  let version: unknown
  try {
    version = (JSON.parse(text) as { version?: unknown } | null)?.version
  } catch (error) {
    throw new ToolError('config', `${file} is not valid JSON: ${(error as Error).message}`, { cause: error })
  }
  if (version === undefined) return '0.0.0'
  if (typeof version !== 'string' || !/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version.trim())) throw new ToolError('config', `${file}: "version" must be a version string such as "1.0.0", got ${JSON.stringify(version)}.`)
  return version.trim()
}
