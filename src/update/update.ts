import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import semver from 'semver'
import { UsageError } from '../errors.js'
import { packLayers } from '../packs/layers.js'
import type { Migration } from '../packs/manifest.js'
import { createOwnershipResolver } from '../packs/ownership.js'
import { latestPackVersion, recordLayers, resolvePackVersion, resolveRecordedLayers, type TemplatePack } from '../packs/resolve.js'
import { recordedLayers, recordedSource, requireProjectRecord, templateRecord, writeProjectRecord, type RecordedLayer } from '../record/index.js'
import { VERSION } from '../version.js'
import { ensureCleanWorkTree } from './git-state.js'
import { applyMigrations, selectMigrations, type MigrationChange } from './migrations.js'
import { planUpdate, sha256, type FileStep } from './plan.js'
import { renderRecorded } from './render-recorded.js'

export interface UpdateOptions {
  projectDir: string
  /** Target pack version (default: the newest available). */
  to?: string
  dryRun?: boolean
  trust?: boolean
}

export interface UpdateResult {
  from: string
  to: string
  /** The packs the project's pack extends whose version changes (root first). */
  layers: Array<{ id: string; from?: string; to: string }>
  steps: FileStep[]
  migrations: MigrationChange[]
  conflicts: string[]
  /** Set when the old version could not be rendered, so user edits were merged 2-way. */
  baseUnavailable?: string
  dryRun: boolean
}

/** Brings a generated project to another pack version, 3-way merging the template's changes into the user's files. */
export async function updateProject(options: UpdateOptions): Promise<UpdateResult> {
  const projectDir = path.resolve(options.projectDir)
  const manifest = await requireProjectRecord(projectDir)
  await ensureCleanWorkTree(projectDir)

  // 1. The two pack versions: the recorded one (base) and the target (theirs).
  const source = recordedSource(manifest)
  const to = options.to ?? (await latestPackVersion(source, manifest.template.id))
  // Never downgrade by accident (an older opsmith running against a newer project): only with an explicit --to.
  if (!options.to && semver.valid(to) && semver.valid(manifest.template.version) && semver.lt(to, manifest.template.version)) {
    throw new UsageError(`The project is at ${manifest.template.id} ${manifest.template.version}, newer than the newest version this opsmith can get (${to}): upgrade opsmith, or pass --to ${to} to go back deliberately.`)
  }
  // The target version's parents are the newest its `extends` names: a parent's new version alone updates the project.
  const target = await resolvePackVersion(source, manifest.template.id, to)
  if ('unavailable' in target) throw new UsageError(`Template ${manifest.template.id} ${to} is not available: ${target.unavailable}`)
  const recordedChain = recordedLayers(manifest)
  const layers = changedParents(recordedChain, target, options.to !== undefined)
  const basePack = await resolveRecordedLayers(recordedChain)

  // 2. Render both from the recorded answers, in temporary folders.
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'opsmith-update-'))
  try {
    const base = 'unavailable' in basePack ? undefined : await renderRecorded(basePack, manifest, path.join(work, 'base'), { opsmithVersion: manifest.opsmith ?? manifest.template.version, trust: options.trust })
    const theirs = await renderRecorded(target, manifest, path.join(work, 'theirs'), { opsmithVersion: VERSION, trust: options.trust })

    // 3. Read the user's side, run the pack's migrations on it, then plan every file.
    const recorded = { ...manifest.files }
    const names = new Set([...Object.keys(recorded), ...(base?.files.keys() ?? []), ...theirs.files.keys()])
    const ours = await readExisting(projectDir, names)
    const userChanged = (file: string) => ours.has(file) && sha256(ours.get(file) as string) !== recorded[file]
    const migrations = applyMigrations(layerMigrations(recordedChain, target, to), ours, recorded, userChanged, base?.files)
    const steps = planUpdate({
      base: base?.files,
      theirs: theirs.files,
      ours,
      recorded,
      ownership: createOwnershipResolver(target.manifest),
      labels: { ours: 'yours', base: describeLayers(recordedChain), theirs: describeLayers([...recordLayers(target).parents, { id: target.id, version: to, source }]) },
    })

    // 4. Write (unless --dry-run): migrations first, then each step, then the manifest.
    if (!options.dryRun) {
      await applyMigrationsToDisk(projectDir, migrations)
      await applySteps(projectDir, steps)
      await writeProjectRecord(projectDir, {
        ...manifest,
        template: templateRecord({ layer: { id: target.id, version: to, source }, parents: recordLayers(target).parents }),
        opsmith: VERSION,
        answers: theirs.answers,
        files: Object.fromEntries([...theirs.files].map(([file, content]) => [file, sha256(content)])),
      })
    }
    return {
      from: manifest.template.version,
      to,
      layers,
      steps,
      migrations,
      conflicts: steps.filter((step) => step.action === 'conflict').map((step) => step.file),
      ...('unavailable' in basePack ? { baseUnavailable: basePack.unavailable } : {}),
      dryRun: options.dryRun === true,
    }
  } finally {
    await fsp.rm(work, { recursive: true, force: true })
  }
}

// Every layer's own migrations, each selected by that layer's recorded and target versions, root layer first.
function layerMigrations(recorded: RecordedLayer[], target: TemplatePack, to: string): Migration[] {
  return packLayers(target).flatMap((layer) => {
    const from = recorded.find((entry) => entry.id === layer.id)?.version
    if (from === undefined || !semver.valid(from)) return []
    return selectMigrations(layer.ownManifest.migrations, from, layer === target ? to : layer.version)
  })
}

// The parent layers whose version changes; like the pack itself, a parent never goes back without an explicit --to.
function changedParents(recorded: RecordedLayer[], target: TemplatePack, explicit: boolean): UpdateResult['layers'] {
  return recordLayers(target).parents.flatMap((layer) => {
    const from = recorded.find((entry) => entry.id === layer.id)?.version
    if (from === layer.version) return []
    if (!explicit && from !== undefined && semver.valid(from) && semver.valid(layer.version) && semver.lt(layer.version, from)) {
      throw new UsageError(`The project is at ${layer.id} ${from}, newer than the newest version this opsmith can get (${layer.version}): upgrade opsmith, or pass --to to go back deliberately.`)
    }
    return [{ id: layer.id, ...(from === undefined ? {} : { from }), to: layer.version }]
  })
}

function describeLayers(layers: RecordedLayer[]): string {
  const [own, ...parents] = [...layers].reverse()
  return `${own?.id} ${own?.version}${parents.length > 0 ? ` on ${parents.map((layer) => `${layer.id} ${layer.version}`).join(', ')}` : ''}`
}

async function readExisting(root: string, files: Set<string>): Promise<Map<string, string>> {
  const entries = await Promise.all(
    [...files].map(async (file) => {
      const content = await fsp.readFile(path.join(root, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined
        throw error
      })
      return [file, content] as const
    }),
  )
  return new Map(entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined))
}

async function applyMigrationsToDisk(root: string, changes: MigrationChange[]): Promise<void> {
  for (const change of changes) {
    if (change.renamed) {
      await fsp.mkdir(path.dirname(path.join(root, change.renamed.to)), { recursive: true })
      await fsp.rename(path.join(root, change.renamed.from), path.join(root, change.renamed.to))
    }
    if (change.deleted) await fsp.rm(path.join(root, change.deleted), { force: true })
  }
}

async function applySteps(root: string, steps: FileStep[]): Promise<void> {
  for (const step of steps) {
    const file = path.join(root, step.file)
    if (step.action === 'delete') await fsp.rm(file, { force: true })
    else if (step.content !== undefined) {
      await fsp.mkdir(path.dirname(file), { recursive: true })
      await fsp.writeFile(file, step.content)
    }
  }
}
