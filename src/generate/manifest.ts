import { createHash } from 'node:crypto'
import fsp from 'node:fs/promises'
import path from 'node:path'
import type { Answers, Question } from './questions.js'

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
