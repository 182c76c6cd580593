import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

const created: string[] = []
afterAll(async () => {
  await Promise.all(created.map((dir) => fsp.rm(dir, { recursive: true, force: true })))
})

/** Creates a temporary folder holding `files` ({ 'a/b.txt': 'content' }); removed after the test file. */
export async function testdir(files: Record<string, string> = {}): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'opsmith-test-'))
  created.push(dir)
  await Promise.all(
    Object.entries(files).map(async ([file, content]) => {
      await fsp.mkdir(path.dirname(path.join(dir, file)), { recursive: true })
      await fsp.writeFile(path.join(dir, file), content)
    }),
  )
  return dir
}

/** Reads every file under `dir` into { path: content }, `.git` excluded. */
export async function readTree(dir: string): Promise<Record<string, string>> {
  const entries = await fsp.readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.startsWith('.git/'))
    .sort()
  const contents = await Promise.all(files.map((file) => fsp.readFile(path.join(dir, file), 'utf8')))
  return Object.fromEntries(files.map((file, index) => [file, contents[index] as string]))
}
