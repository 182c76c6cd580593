import path from 'node:path'
import { stat } from 'node:fs/promises'
import { UsageError } from '../errors.js'
import { jsonc } from './parse/jsonc.js'
import { Repo } from './repo.js'
import { MANIFEST_FILE } from './policy.js'
import { parseProjectRecord } from '../record/index.js'
import { detectProfiles } from './profiles.js'
import { applyFixes } from './fixes.js'
import { runConform, type ConformResult } from './engine.js'
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
}

/**
 * Brings an existing repository under conform: records its profiles in .opsmith.json, optionally applies the
 * fixes, then records today's findings as the baseline so CI fails only on new ones (ESLint bulk suppressions).
 */
export async function initRepository(options: InitOptions): Promise<InitResult> {
  const root = path.resolve(options.dir)
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) throw new UsageError(`Directory not found: ${options.dir}`)
  const repo = await Repo.open(root)
  const existing = await repo.read(MANIFEST_FILE)
  if (existing !== undefined) assertObject(existing)
  const template = (await parseProjectRecord(existing)).record?.template.id
  const profiles = options.profiles ?? (await detectProfiles(repo, template))
  await applyFixes(root, [{ kind: 'write', file: MANIFEST_FILE, content: withProfiles(existing, profiles) }])
  const fixes = options.fix ? (await runConform({ dir: root, fix: true, env: options.env })).fixes : []
  const result = await runConform({ dir: root, updateBaseline: true, env: options.env })
  return { root, profiles, created: existing === undefined, fixes, result }
}

// The record is edited in place (jsonc edits), which needs a JSON object to edit.
function assertObject(text: string): void {
  const errors: jsonc.ParseError[] = []
  const value: unknown = jsonc.parse(text, errors, { disallowComments: true })
  if (errors.length > 0 || typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${MANIFEST_FILE} is not a JSON object: fix it (or move it away) and run \`opsmith init\` again.`)
  }
}

// Edits only `conform.profiles`, keeping the rest of an existing file byte for byte.
function withProfiles(existing: string | undefined, profiles: Profile[]): string {
  if (existing === undefined) return `${JSON.stringify({ conform: { profiles, rules: {}, waivers: [] } }, null, 2)}\n`
  const edits = jsonc.modify(existing, ['conform', 'profiles'], profiles, { formattingOptions: { insertSpaces: true, tabSize: 2 } })
  return jsonc.applyEdits(existing, edits)
}
