import semver from 'semver'
import { checkRelativePath, ContainmentError } from '../contain.js'
import { ToolError } from '../errors.js'
import type { Migration } from '../packs/manifest.js'

/** Migrations to run when going from `from` to `to`: those with from < version <= to, oldest first; paths checked. */
export function selectMigrations(migrations: Migration[], from: string, to: string, packId = 'the pack'): Migration[] {
  const selected = migrations
    .filter((migration) => semver.gt(migration.version, from) && semver.lte(migration.version, to))
    .sort((a, b) => semver.compare(a.version, b.version))
  return selected.map((migration) => ({
    ...migration,
    actions: migration.actions.map((action) => {
      try {
        return action.type === 'rename' ? { ...action, from: checkRelativePath(action.from), to: checkRelativePath(action.to) } : { ...action, path: checkRelativePath(action.path) }
      } catch (error) {
        if (!(error instanceof ContainmentError)) throw error
        throw new ToolError('config', `Migration ${migration.version} of ${packId} is refused: ${error.message.replace(/^Refused to change /, '').replace(/\.$/, '')}.`, { cause: error })
      }
    }),
  }))
}

/** A change a migration makes to the user's tree, in memory, before the merge. */
export interface MigrationChange {
  description: string
  renamed?: { from: string; to: string }
  deleted?: string
  /** SHA-256 the deleted file had (as rendered): it is deleted only if it still has it. */
  sha256?: string
}

/** What migrations need to know of the user's tree beyond the files read. */
export interface MigrationTree {
  /** True when the user changed the file since it was rendered. */
  userChanged: (file: string) => boolean
  /** True when anything (a gitignored file, a symlink, a folder) is at the path on disk. */
  occupied: (file: string) => boolean
}

/**
 * Applies rename/delete steps to the user's files and the recorded hashes, so the 3-way merge afterwards
 * compares like with like. A delete of a file the user changed is skipped and reported; a rename onto a
 * name already taken (even by an ignored file) is skipped and reported, never overwriting.
 */
export function applyMigrations(
  migrations: Migration[],
  ours: Map<string, Buffer>,
  recorded: Record<string, string>,
  tree: MigrationTree,
  base: Map<string, Buffer> | undefined,
): MigrationChange[] {
  const changes: MigrationChange[] = []
  for (const migration of migrations) {
    for (const action of migration.actions) {
      if (action.type === 'rename') {
        const content = ours.get(action.from)
        if (content === undefined) continue
        if (!(action.from in recorded)) {
          changes.push({ description: `${migration.version}: kept ${action.from} (the pack renames it to ${action.to}, but opsmith did not create it)` })
          continue
        }
        if (ours.has(action.to) || tree.occupied(action.to)) {
          changes.push({ description: `${migration.version}: kept ${action.from} (the pack renames it to ${action.to}, but that name is taken)` })
          continue
        }
        ours.delete(action.from)
        ours.set(action.to, content)
        const baseContent = base?.get(action.from)
        if (base && baseContent !== undefined) {
          base.delete(action.from)
          base.set(action.to, baseContent)
        }
        if (action.from in recorded) {
          recorded[action.to] = recorded[action.from] as string
          delete recorded[action.from]
        }
        changes.push({ description: `${migration.version}: renamed ${action.from} -> ${action.to}`, renamed: action })
      } else if (ours.has(action.path)) {
        if (tree.userChanged(action.path) || !(action.path in recorded)) {
          changes.push({ description: `${migration.version}: kept ${action.path} (the pack deletes it, but ${action.path in recorded ? 'you changed it' : 'opsmith did not create it'})` })
          continue
        }
        const hash = recorded[action.path]
        ours.delete(action.path)
        delete recorded[action.path]
        changes.push({ description: `${migration.version}: deleted ${action.path}`, deleted: action.path, sha256: hash })
      }
    }
  }
  return changes
}
