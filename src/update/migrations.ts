import semver from 'semver'
import type { Migration } from '../packs/manifest.js'

/** Migrations to run when going from `from` to `to`: those with from < version <= to, oldest first. */
export function selectMigrations(migrations: Migration[], from: string, to: string): Migration[] {
  return migrations
    .filter((migration) => semver.gt(migration.version, from) && semver.lte(migration.version, to))
    .sort((a, b) => semver.compare(a.version, b.version))
}

/** A change a migration makes to the user's tree, in memory, before the merge. */
export interface MigrationChange {
  description: string
  renamed?: { from: string; to: string }
  deleted?: string
}

/**
 * Applies rename/delete steps to the user's files and the recorded hashes, so the 3-way merge afterwards
 * compares like with like. A delete of a file the user changed is skipped and reported.
 */
export function applyMigrations(
  migrations: Migration[],
  ours: Map<string, string>,
  recorded: Record<string, string>,
  userChanged: (file: string) => boolean,
  base: Map<string, string> | undefined,
): MigrationChange[] {
  const changes: MigrationChange[] = []
  for (const migration of migrations) {
    for (const action of migration.actions) {
      if (action.type === 'rename') {
        const content = ours.get(action.from)
        if (content === undefined || ours.has(action.to)) continue
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
        if (userChanged(action.path)) {
          changes.push({ description: `${migration.version}: kept ${action.path} (the pack deletes it, but you changed it)` })
          continue
        }
        ours.delete(action.path)
        delete recorded[action.path]
        changes.push({ description: `${migration.version}: deleted ${action.path}`, deleted: action.path })
      }
    }
  }
  return changes
}
