import os from 'node:os'
import path from 'node:path'
import semver from 'semver'
import { ToolError, UsageError } from '../errors.js'
import { checkRelativePath, Contained, ContainmentError, type Entry } from '../contain.js'
import { scratchFolder } from '../interrupt.js'
import { applyOperations, type TreeOperation } from './apply.js'
import { recoverInterruptedUpdate } from './journal.js'
import { packLayers } from '../packs/layers.js'
import type { Migration } from '../packs/manifest.js'
import { createOwnershipResolver } from '../packs/ownership.js'
import type { StartStep } from '../packs/npm.js'
import { latestPackVersion, recordLayers, resolvePackVersion, resolveRecordedLayers, type TemplatePack } from '../packs/resolve.js'
import { projectRecordText, RECORD_FILE, recordedLayers, recordedSource, requireProjectRecord, templateRecord, type ProjectRecord, type RecordedLayer } from '../record/index.js'
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
  /** Changed answers (`--set key=value`): the target is rendered with them and they are recorded (copier's recopy with data). */
  set?: Record<string, string>
  /** Starts a progress line for the render-and-merge step (the command's stderr). */
  progress?: StartStep
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
  /** The answers that change (`--set`), with their recorded and new values. */
  answers: Array<{ name: string; from: unknown; to: unknown }>
  /** The project's name as answered (`projectName`), when the pack asks it. */
  projectName?: string
}

/** Brings a generated project to another pack version, 3-way merging the template's changes into the user's files. */
export async function updateProject(options: UpdateOptions): Promise<UpdateResult> {
  const projectDir = path.resolve(options.projectDir)
  const manifest = await requireProjectRecord(projectDir)
  // An update killed half-way is undone first (the command reports it; library callers get it silently).
  recoverInterruptedUpdate(projectDir)
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

  // 2. Render both from the recorded answers, in a temporary folder removed even on Ctrl+C/SIGTERM/SIGHUP.
  const scratch = scratchFolder(path.join(os.tmpdir(), 'opsmith-update-'))
  const work = scratch.dir
  const step = options.progress?.('Rendering the template versions and merging')
  try {
    const base = 'unavailable' in basePack ? undefined : await renderRecorded(basePack, manifest, path.join(work, 'base'), { opsmithVersion: manifest.opsmith ?? manifest.template.version, trust: options.trust })
    const theirs = await renderRecorded(target, manifest, path.join(work, 'theirs'), { opsmithVersion: VERSION, trust: options.trust, set: options.set })

    // 3. Read the user's side (regular files only, never through a symlink), run the pack's migrations on it, then plan every file.
    const tree = new Contained(projectDir)
    const recorded = recordedFiles(manifest)
    const names = new Set([...Object.keys(recorded), ...(base?.files.keys() ?? []), ...theirs.files.keys()])
    const { ours, blocked } = readExisting(tree, names)
    const occupied = (file: string) => blocked.has(file) || ours.has(file) || safeRead(tree, file).kind !== 'absent'
    const userChanged = (file: string) => ours.has(file) && sha256(ours.get(file) as Buffer) !== recorded[file]
    const migrations = applyMigrations(layerMigrations(recordedChain, target, to), ours, recorded, { userChanged, occupied }, base?.files)
    const steps = planUpdate({
      base: base?.files,
      theirs: theirs.files,
      ours,
      blocked,
      recorded,
      ownership: createOwnershipResolver(target.manifest),
      labels: { ours: 'yours', base: describeLayers(recordedChain), theirs: describeLayers([...recordLayers(target).parents, { id: target.id, version: to, source }]) },
    })

    // 4. Write (unless --dry-run): migrations, every step and the manifest, as one step nothing interrupts half-way.
    if (!options.dryRun) {
      const record = {
        ...manifest,
        template: templateRecord({ layer: { id: target.id, version: to, source }, parents: recordLayers(target).parents }),
        opsmith: VERSION,
        answers: theirs.answers,
        files: Object.fromEntries([...theirs.files].map(([file, content]) => [file, sha256(content)])),
      }
      const operations = [...migrationOperations(migrations, ours), ...stepOperations(steps, ours)]
      const current = tree.read(RECORD_FILE)
      operations.push({ kind: 'write', file: RECORD_FILE, content: Buffer.from(projectRecordText(record)), expect: current.kind === 'file' ? { sha256: sha256(current.bytes) } : { absent: true } })
      await applyOperations(projectDir, operations)
    }
    step?.succeed()
    return {
      from: manifest.template.version,
      to,
      layers,
      steps,
      migrations,
      conflicts: steps.filter((step) => step.action === 'conflict').map((step) => step.file),
      ...('unavailable' in basePack ? { baseUnavailable: basePack.unavailable } : {}),
      dryRun: options.dryRun === true,
      answers: changedAnswers(manifest.answers ?? {}, theirs.answers, Object.keys(options.set ?? {})),
      ...(typeof theirs.answers.projectName === 'string' ? { projectName: theirs.answers.projectName } : {}),
    }
  } catch (error) {
    step?.fail()
    throw error
  } finally {
    await scratch.dispose()
  }
}

function changedAnswers(recorded: Record<string, unknown>, rendered: Record<string, unknown>, names: string[]): UpdateResult['answers'] {
  return names.filter((name) => recorded[name] !== rendered[name]).map((name) => ({ name, from: recorded[name], to: rendered[name] }))
}

// Every layer's own migrations, each selected by that layer's recorded and target versions, root layer first.
function layerMigrations(recorded: RecordedLayer[], target: TemplatePack, to: string): Migration[] {
  return packLayers(target).flatMap((layer) => {
    const from = recorded.find((entry) => entry.id === layer.id)?.version
    if (from === undefined || !semver.valid(from)) return []
    return selectMigrations(layer.ownManifest.migrations, from, layer === target ? to : layer.version, layer.id)
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

/** The manifest's `files` map, every key checked as a path inside the project (a crafted `../../x` is refused). */
function recordedFiles(manifest: ProjectRecord): Record<string, string> {
  const files: unknown = manifest.files ?? {}
  if (typeof files !== 'object' || files === null || Array.isArray(files)) throw new ToolError('config', `${RECORD_FILE}: files must be an object of path -> sha256.`)
  for (const file of Object.keys(files)) {
    try {
      if (checkRelativePath(file) !== file) throw new ContainmentError(file, 'the path is not normalised')
    } catch (error) {
      throw new ToolError('config', `${RECORD_FILE}: files names ${JSON.stringify(file)}, which is not a path inside the project; fix the file and run again.`, { cause: error })
    }
  }
  return { ...(files as Record<string, string>) }
}

function readExisting(tree: Contained, files: Set<string>): { ours: Map<string, Buffer>; blocked: Map<string, string> } {
  const ours = new Map<string, Buffer>()
  const blocked = new Map<string, string>()
  for (const file of files) {
    const entry = safeRead(tree, file)
    if (entry.kind === 'file') ours.set(file, entry.bytes)
    else if (entry.kind === 'symlink') blocked.set(file, 'a symbolic link')
    else if (entry.kind === 'blocked') blocked.set(file, entry.reason)
    else if (entry.kind !== 'absent') blocked.set(file, 'not a regular file')
  }
  return { ours, blocked }
}

// A path under a symlinked folder is reported, not thrown: the rest of the update still goes ahead.
function safeRead(tree: Contained, file: string): Entry | { kind: 'blocked'; reason: string } {
  try {
    return tree.read(file)
  } catch (error) {
    if (error instanceof ContainmentError) return { kind: 'blocked', reason: error.message.replace(/^Refused to change [^:]*: /, '').replace(/, and opsmith never writes through one\.$|\.$/, '') }
    throw error
  }
}

function migrationOperations(changes: MigrationChange[], ours: Map<string, Buffer>): TreeOperation[] {
  return changes.flatMap((change): TreeOperation[] => {
    if (change.renamed) return [{ kind: 'rename', from: change.renamed.from, to: change.renamed.to, expect: { sha256: sha256(ours.get(change.renamed.to) as Buffer) } }]
    if (change.deleted) return [{ kind: 'delete', file: change.deleted, expect: change.sha256 ? { sha256: change.sha256 } : { regularFile: true } }]
    return []
  })
}

function stepOperations(steps: FileStep[], ours: Map<string, Buffer>): TreeOperation[] {
  return steps.flatMap((step): TreeOperation[] => {
    const current = ours.get(step.file)
    if (step.action === 'delete') return current === undefined ? [] : [{ kind: 'delete', file: step.file, expect: { sha256: sha256(current) } }]
    if (step.beside) return [{ kind: 'write', file: step.beside.file, content: step.beside.content, expect: { absent: true } }]
    if (step.content !== undefined) return [{ kind: 'write', file: step.file, content: step.content, expect: current === undefined ? { absent: true } : { sha256: sha256(current) } }]
    return []
  })
}
