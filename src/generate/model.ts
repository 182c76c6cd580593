import fsp from 'node:fs/promises'
import path from 'node:path'
import semver from 'semver'
import { parseDocument } from 'yaml'
import { ToolError, UsageError } from '../errors.js'
import { resolveAnswers } from './answers.js'
import { loadGenerator, runGenerator } from './plop.js'
import { createStaging } from './staging.js'
import { resolveRecordedLayers } from '../packs/resolve.js'
import { recordedLayers, requireProjectRecord } from '../record/index.js'
import { Contained } from '../contain.js'
import { runUninterruptible } from '../interrupt.js'

export type VersionBump = 'major' | 'minor' | 'patch'

export interface AddModelOptions {
  /** The generated project's root. */
  projectDir: string
  name: string
  bump?: VersionBump
  /** `--trust`: the pack may run its JavaScript plopfile. */
  trust?: boolean
}

export interface AddModelResult {
  name: string
  version: string
  parentVersion: string | undefined
  /** The new version folder, repo-relative. */
  folder: string
  files: string[]
  /**
   * The training config of this model in a project that has config/train.yaml (python-ml's layout):
   * config/train.yaml when it trains this model, else config/train.<name>.yaml, and whether that exists.
   */
  trainConfig?: { file: string; exists: boolean }
}

const MODEL_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/
const SEMVER_FOLDER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

/** Lists the SemVer version folders of a model, oldest first. */
export async function listModelVersions(projectDir: string, name: string): Promise<string[]> {
  const entries = await fsp.readdir(path.join(projectDir, 'models', name), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  return entries.filter((entry) => entry.isDirectory() && SEMVER_FOLDER.test(entry.name)).map((entry) => entry.name).sort(semver.compare)
}

/** Creates models/<name>/<next semver>/ from the pack's `model` generator, atomically. */
export async function addModelVersion(options: AddModelOptions): Promise<AddModelResult> {
  const projectDir = path.resolve(options.projectDir)
  if (!MODEL_NAME.test(options.name)) {
    throw new UsageError(`Model name "${options.name}" is not valid: lowercase letters, digits and hyphens, starting and ending with a letter or digit.`)
  }
  const manifest = await requireProjectRecord(projectDir)
  // The model generator of the pack version the project was made from.
  const pack = await resolveRecordedLayers(recordedLayers(manifest))
  if ('unavailable' in pack) throw new ToolError('usage', `Template ${manifest.template.id} ${manifest.template.version} is not available: ${pack.unavailable}`)

  const versions = await listModelVersions(projectDir, options.name)
  const parentVersion = versions.at(-1)
  const version = semver.inc(parentVersion ?? '0.0.0', options.bump ?? 'minor') as string
  const folder = `models/${options.name}/${version}`
  // Through the containment layer: models/ or models/<name> being a symlink (or a file) is refused, never followed.
  const tree = new Contained(projectDir)
  tree.makeParents(folder)
  const destination = tree.resolve(folder)
  if (tree.read(folder).kind !== 'absent') throw new ToolError('conflict', `${folder} already exists.`)

  const staging = await createStaging(destination)
  let succeeded = false
  try {
    const generator = await loadGenerator(pack, 'model', staging.dir, { trust: options.trust })
    const answers = await resolveAnswers(generator.questions, { useDefaults: true, flags: { name: options.name, bump: options.bump ?? 'minor' } })
    // The model generator renders into models/<name>/<version>; we stage it and move only that folder.
    await runGenerator(generator, { ...(manifest.answers ?? {}), ...answers, version, parentVersion: parentVersion ?? '' }, { trust: options.trust })
    const rendered = path.join(staging.dir, folder)
    const files = (await fsp.readdir(rendered)).sort()
    await runUninterruptible(async () => {
      // mkdtemp's 0700 does not survive: the version folder gets the mode a plain mkdir gives.
      await fsp.chmod(rendered, 0o777 & ~process.umask())
      await fsp.rename(rendered, destination)
      staging.committed()
      registerModel(tree, options.name)
    })
    succeeded = true
    const trainConfig = findTrainConfig(tree, options.name)
    return { name: options.name, version, parentVersion, folder, files: files.map((file) => `${folder}/${file}`), ...(trainConfig ? { trainConfig } : {}) }
  } finally {
    await staging.dispose(succeeded)
  }
}

/** Adds an empty entry for a new model to models/registry.yaml, keeping the file's comments and order. */
function registerModel(tree: Contained, name: string): void {
  const file = 'models/registry.yaml'
  const entry = tree.read(file)
  if (entry.kind !== 'file' && entry.kind !== 'absent') throw new ToolError('conflict', `${file} is not a regular file (a symbolic link?): opsmith never writes through one.`)
  const text = entry.kind === 'file' ? entry.bytes.toString('utf8') : 'models: {}\n'
  const document = parseDocument(text)
  if (document.errors.length > 0) throw new ToolError('config', `${file}: ${document.errors[0]?.message}`)
  if (document.hasIn(['models', name])) return
  document.setIn(['models', name], document.createNode({ aliases: {}, deprecated: [] }))
  tree.write(file, document.toString(), entry.kind === 'file' ? { regularFile: true } : { absent: true })
}

/** config/train.yaml trains the project's first model; every other model has config/train.<name>.yaml. */
function findTrainConfig(tree: Contained, name: string): AddModelResult['trainConfig'] {
  const first = tree.read('config/train.yaml')
  if (first.kind !== 'file') return undefined
  const model: unknown = parseDocument(first.bytes.toString('utf8')).get('model')
  const file = model === name ? 'config/train.yaml' : `config/train.${name}.yaml`
  return { file, exists: file === 'config/train.yaml' || tree.read(file).kind === 'file' }
}
