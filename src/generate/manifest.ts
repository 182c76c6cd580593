import { createHash } from 'node:crypto'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError, UsageError } from '../errors.js'
import type { PackSource, RecordedLayer } from '../packs/resolve.js'
import type { Answers, Question } from './questions.js'

export const MANIFEST_FILE = '.opsmith.json'

/** `.opsmith.json`: what generated this repo, with which answers, and each file's hash as rendered. */
export interface ProjectManifest {
  /** The pack; `extends` lists the packs it extends, root first, each at the version rendered. */
  template: { id: string; version: string; source?: PackSource; extends?: RecordedLayer[] }
  opsmith: string
  answers: Answers
  /** Repo-relative POSIX path -> SHA-256 (hex) of the file as rendered. */
  files: Record<string, string>
  conform?: { rules?: Record<string, unknown>; waivers?: unknown[] }
}

/** Lists every file under `root` as sorted repo-relative POSIX paths (`.git` excluded). */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await fsp.readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => file !== '.git' && !file.startsWith('.git/'))
    .sort()
}

/** Hashes the files in parallel; keys keep the sorted order, so the manifest is byte-for-byte deterministic. */
export async function hashFiles(root: string, files: string[]): Promise<Record<string, string>> {
  const hashes = await Promise.all(files.map(async (file) => createHash('sha256').update(await fsp.readFile(path.join(root, file))).digest('hex')))
  return Object.fromEntries(files.map((file, index) => [file, hashes[index] as string]))
}

/** Answers worth recording: everything the questions asked except secrets, in question order. */
export function recordableAnswers(questions: Question[], answers: Answers): Answers {
  return Object.fromEntries(questions.filter((question) => !question.secret && question.name in answers).map((question) => [question.name, answers[question.name] as string]))
}

export async function writeManifest(root: string, manifest: ProjectManifest): Promise<void> {
  await fsp.writeFile(path.join(root, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
}

export async function readManifest(root: string): Promise<ProjectManifest | undefined> {
  const text = await fsp.readFile(path.join(root, MANIFEST_FILE), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  return text === undefined ? undefined : (JSON.parse(text) as ProjectManifest)
}

/** The manifest of a generated project; a missing or broken one is a one-line error naming the folder. */
export async function requireManifest(root: string): Promise<ProjectManifest> {
  const manifest = await readManifest(root).catch((error: Error) => {
    throw new ToolError('config', `${MANIFEST_FILE} is not valid JSON: ${error.message}`, { cause: error })
  })
  if (!manifest) throw new UsageError(`${root} is not an opsmith project (no ${MANIFEST_FILE}): run this in a generated project.`)
  return manifest
}

/** Where the project's pack came from; manifests written before packs had sources are built-ins. */
export function recordedSource(manifest: ProjectManifest): PackSource {
  return manifest.template.source ?? { type: 'builtin', spec: manifest.template.id }
}

/** Every layer the project was rendered from, root first, its own pack last (records without `extends` have one). */
export function recordedLayers(manifest: ProjectManifest): RecordedLayer[] {
  const { id, version } = manifest.template
  return [...(manifest.template.extends ?? []), { id, version, source: recordedSource(manifest) }]
}

/** The `template` entry for a pack and its layers (`extends` only when it has parents, as before layering). */
export function templateRecord({ layer, parents }: { layer: RecordedLayer; parents: RecordedLayer[] }): ProjectManifest['template'] {
  return { ...layer, ...(parents.length > 0 ? { extends: parents } : {}) }
}
