import fs from 'node:fs'
import path from 'node:path'
import { stat } from 'node:fs/promises'
import { UsageError } from '../errors.js'
import { Repo } from './repo.js'
import { MANIFEST_FILE, readPolicy } from './policy.js'
import { readProjectRecord, recordTextWithProfiles } from '../record/index.js'
import { detectProfiles } from './profiles.js'
import { applyFixes, refuseUnwritable, writeOwnFile } from './fixes.js'
import { DEFAULT_BASELINE_FILE } from './baseline.js'
import { appendIgnoreLines } from './parse/ignore-file.js'
import { runConform, type ConformResult } from './engine.js'
import { refuseWhileUpdateInterrupted } from '../record/journal.js'
import type { FileChange, Profile } from './rule.js'

export interface InitOptions {
  dir: string
  /** Profiles to record; default: detected from the repository. */
  profiles?: Profile[]
  /** Apply the fixes rules offer before recording the baseline. */
  fix?: boolean
  env?: NodeJS.ProcessEnv
}

export interface InitResult {
  root: string
  profiles: Profile[]
  /** Whether .opsmith.json was created (false: an existing one got `conform.profiles`). */
  created: boolean
  /** The fixes applied with `fix`. */
  fixes: FileChange[]
  /** The run that recorded the baseline: its `baseline` says where and how many. */
  result: ConformResult
  /** opsmith's files git ignored, now un-ignored by a `!/<file>` line at the end of .gitignore. */
  unignored: string[]
  /** opsmith's files git ignores still (.gitignore could not be written): commit them with `git add -f`. */
  stillIgnored: string[]
}

/**
 * Brings an existing repository under conform: records its profiles in .opsmith.json, optionally applies the
 * fixes, then records today's findings as the baseline so CI fails only on new ones (ESLint bulk suppressions).
 */
export async function initRepository(options: InitOptions): Promise<InitResult> {
  const root = path.resolve(options.dir)
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) throw new UsageError(`Directory not found: ${options.dir}`)
  refuseWhileUpdateInterrupted(root)
  const repo = await Repo.open(root)
  const project = await readProjectRecord(root)
  const profiles = options.profiles ?? (await detectProfiles(repo, project.record?.template.id))
  // The record module edits only `conform.profiles` (or writes a conform-only record); it refuses a non-object.
  const { content, created } = await recordTextWithProfiles(root, profiles)
  // Both files or neither: a baseline that cannot be written (a symlink) stops init before .opsmith.json is.
  refuseUnwritable(root, readPolicy(project, {}).policy.baseline ?? DEFAULT_BASELINE_FILE)
  writeOwnFile(root, MANIFEST_FILE, content)
  const fixes = options.fix ? (await runConform({ dir: root, fix: true, env: options.env })).fixes : []
  const result = await runConform({ dir: root, updateBaseline: true, env: options.env })
  const { unignored, stillIgnored } = unignoreOwnFiles(root, result.ignoredOwnFiles ?? [])
  return { root, profiles, created, fixes, result, unignored, stillIgnored }
}

// "Commit both files" must work: a `*.json` line in .gitignore would leave them out of the commit, and CI would
// check without the profiles and the baseline. A root .gitignore's last matching line wins over earlier ones, over
// .git/info/exclude and over the user's global excludes, so `!/<file>` appended to it un-ignores a file at the root.
function unignoreOwnFiles(root: string, ignored: string[]): { unignored: string[]; stillIgnored: string[] } {
  if (ignored.length === 0) return { unignored: [], stillIgnored: [] }
  const gitignore = path.join(root, '.gitignore')
  let text = ''
  try {
    text = fs.lstatSync(gitignore, { throwIfNoEntry: false })?.isFile() ? fs.readFileSync(gitignore, 'utf8') : ''
  } catch {
    return { unignored: [], stillIgnored: ignored }
  }
  const lines = ignored.map((file) => `!/${file}`)
  const content = appendIgnoreLines(text, lines, "opsmith's policy and baseline are committed")
  const { refused } = applyFixes(root, [{ kind: 'write', file: '.gitignore', content }])
  return refused.length > 0 ? { unignored: [], stillIgnored: ignored } : { unignored: ignored, stillIgnored: [] }
}
