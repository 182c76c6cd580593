import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import semver from 'semver'
import { UsageError } from '../errors.js'
import { recordedSource, requireManifest, writeManifest } from '../generate/manifest.js'
import { createOwnershipResolver } from '../packs/ownership.js'
import { latestPackVersion, resolvePackVersion } from '../packs/resolve.js'
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
  const manifest = await requireManifest(projectDir)
  await ensureCleanWorkTree(projectDir)

  // 1. The two pack versions: the recorded one (base) and the target (theirs).
  const source = recordedSource(manifest)
  const to = options.to ?? (await latestPackVersion(source, manifest.template.id))
  // Never downgrade by accident (an older opsmith running against a newer project): only with an explicit --to.
  if (!options.to && semver.valid(to) && semver.valid(manifest.template.version) && semver.lt(to, manifest.template.version)) {
    throw new UsageError(`The project is at ${manifest.template.id} ${manifest.template.version}, newer than the newest version this opsmith can get (${to}): upgrade opsmith, or pass --to ${to} to go back deliberately.`)
  }
  const target = await resolvePackVersion(source, manifest.template.id, to)
  if ('unavailable' in target) throw new UsageError(`Template ${manifest.template.id} ${to} is not available: ${target.unavailable}`)
  const basePack = await resolvePackVersion(source, manifest.template.id, manifest.template.version)

  // 2. Render both from the recorded answers, in temporary folders.
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'opsmith-update-'))
  try {
    const base = 'unavailable' in basePack ? undefined : await renderRecorded(basePack, manifest, path.join(work, 'base'), { opsmithVersion: manifest.opsmith, trust: options.trust })
    const theirs = await renderRecorded(target, manifest, path.join(work, 'theirs'), { opsmithVersion: VERSION, trust: options.trust })

    // 3. Read the user's side, run the pack's migrations on it, then plan every file.
    const recorded = { ...manifest.files }
    const names = new Set([...Object.keys(recorded), ...(base?.files.keys() ?? []), ...theirs.files.keys()])
    const ours = await readExisting(projectDir, names)
    const userChanged = (file: string) => ours.has(file) && sha256(ours.get(file) as string) !== recorded[file]
    const migrations = applyMigrations(selectMigrations(target.manifest.migrations, manifest.template.version, to), ours, recorded, userChanged, base?.files)
    const steps = planUpdate({
      base: base?.files,
      theirs: theirs.files,
      ours,
      recorded,
      ownership: createOwnershipResolver(target.manifest),
      labels: { ours: 'yours', base: `${manifest.template.id} ${manifest.template.version}`, theirs: `${manifest.template.id} ${to}` },
    })

    // 4. Write (unless --dry-run): migrations first, then each step, then the manifest.
    if (!options.dryRun) {
      await applyMigrationsToDisk(projectDir, migrations)
      await applySteps(projectDir, steps)
      await writeManifest(projectDir, {
        ...manifest,
        template: { id: target.id, version: to, source },
        opsmith: VERSION,
        answers: theirs.answers,
        files: Object.fromEntries([...theirs.files].map(([file, content]) => [file, sha256(content)])),
      })
    }
    return {
      from: manifest.template.version,
      to,
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
