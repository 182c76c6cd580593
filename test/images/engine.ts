import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { bootstrapBase } from '../../src/images/bootstrap.js'
import { buildImage } from '../../src/images/build.js'
import { getDocker, imageExists } from '../../src/images/docker.js'

/** Whether an engine answers; with CI=true tests run regardless (and fail) so CI never skips silently. */
export const engineUp = await getDocker()
  .ping()
  .then(
    () => true,
    () => false,
  )
export const runDockerTests = engineUp || process.env.CI === 'true'
export const SKIP_REASON = runDockerTests ? '' : ' (skipped: no Docker engine; start dockerd or set CI=true)'

/** Labels every test image and container, so afterAll can remove exactly this run's leftovers. */
export const RUN_LABEL = { 'dev.opsmith.test-run': `${process.pid}-${Date.now()}` }

export const BASE_TAG = 'opsmith-test/debian:bookworm'
export const DEV_TAG = 'opsmith-test/python:dev'
export const RUNTIME_TAG = 'opsmith-test/python:runtime'

/**
 * Bootstraps the Debian base once per engine (a tag-existence check, under a lock shared by the
 * test files of one run), then builds dev and runtime; a second file gets cache hits in seconds.
 */
export async function ensurePythonImages(): Promise<void> {
  await withLock(async () => {
    if (!(await imageExists(BASE_TAG))) await bootstrapBase({ tag: BASE_TAG })
    await buildImage({ name: 'python', target: 'dev', base: BASE_TAG, tag: DEV_TAG })
    await buildImage({ name: 'python', target: 'runtime', base: BASE_TAG, tag: RUNTIME_TAG })
  })
}

/** Bootstraps the Debian base once per engine (under the same lock), without building anything on it. */
export async function ensureBootstrappedBase(): Promise<void> {
  await withLock(async () => {
    if (!(await imageExists(BASE_TAG))) await bootstrapBase({ tag: BASE_TAG })
  })
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = path.join(os.tmpdir(), 'opsmith-test-images.lock')
  for (;;) {
    try {
      await fs.mkdir(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const age = Date.now() - (await fs.stat(lock).then((stat) => stat.mtimeMs, () => Date.now()))
      // A lock older than the slowest bootstrap + builds is a crashed run's leftover.
      if (age > 15 * 60_000) await fs.rm(lock, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    }
  }
  try {
    return await work()
  } finally {
    await fs.rm(lock, { recursive: true, force: true })
  }
}

/** Removes this run's containers and images (by label), newest first. */
export async function removeRunArtifacts(): Promise<void> {
  const docker = getDocker()
  const filters = { label: [`dev.opsmith.test-run=${RUN_LABEL['dev.opsmith.test-run']}`] }
  for (const container of await docker.listContainers({ all: true, filters })) {
    await docker.getContainer(container.Id).remove({ force: true })
  }
  for (const image of await docker.listImages({ filters })) {
    await docker.getImage(image.Id).remove({ force: true, noprune: false })
  }
}

/** Writes a throwaway build context. */
export async function writeContext(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'opsmith-ctx-'))
  for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(dir, name), content)
  return dir
}
