import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDocker } from '../../src/images/docker.js'
import { type LocalImageRegistry, startImageRegistry } from '../helpers/docker-registry.js'
import { BASE_TAG, SKIP_REASON, ensureBootstrappedBase, runDockerTests } from '../images/engine.js'

// CI generates as root, then a developer (UID 1000 in the dev container) opens the same checkout, with no chown in
// between: the generated tree must be readable, and the dev container must run the tests without writing into the
// root-owned bind mount (pytest's cache, bytecode and coverage go to the container's own writable places).
const BIN = path.resolve(import.meta.dirname, '../../dist/bin/opsmith.js')
const DEVCONTAINER = path.resolve(import.meta.dirname, '../../node_modules/.bin/devcontainer')
const asRoot = process.getuid?.() === 0
let registry: LocalImageRegistry | undefined
let workDir = ''
let debianRef = ''

function run(args: string[], cwd = workDir) {
  // umask 022: what a root shell in CI has.
  return execa('sh', ['-c', 'umask 022 && exec node "$@"', 'sh', BIN, ...args], { cwd, reject: false, stdin: 'ignore', env: { CI: 'true' } })
}

async function ownersUnder(dir: string): Promise<Set<number>> {
  const owners = new Set<number>()
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) owners.add((await fs.lstat(path.join(entry.parentPath, entry.name))).uid)
  return owners
}

describe.skipIf(!runDockerTests || !asRoot)(`a tree generated as root, opened in its dev container as UID 1000${SKIP_REASON}${asRoot ? '' : ' (skipped: needs root)'}`, () => {
  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'opsmith-root-devcontainer-'))
    // A temp folder of root is 0700; the checkout's parent folders are readable in CI.
    await fs.chmod(workDir, 0o755)
    await ensureBootstrappedBase()
    registry = await startImageRegistry()
    const pushed = await run(['image', 'push', BASE_TAG, '--registry', `${registry.host}/platform`])
    expect(pushed.exitCode, pushed.stderr).toBe(0)
    debianRef = pushed.stdout.trim()
  }, 1_200_000)

  afterAll(async () => {
    const docker = getDocker()
    const workspace = path.join(workDir, 'rooted-model')
    for (const container of await docker.listContainers({ all: true, filters: { label: [`devcontainer.local_folder=${workspace}`] } })) {
      await docker.getContainer(container.Id).remove({ force: true })
    }
    for (const image of await docker.listImages()) {
      for (const tag of image.RepoTags ?? []) {
        if (tag.startsWith('vsc-rooted-model-') || (registry && tag.startsWith(`${registry.host}/`))) await docker.getImage(tag).remove({ force: true }).catch(() => undefined)
      }
    }
    await registry?.stop()
    await fs.rm(workDir, { recursive: true, force: true })
  })

  it('python-ml: `make test` passes inside as UID 1000, and nothing is written into the checkout', async () => {
    const generated = await run(['new', 'rooted-model', '--yes', '--set', `debianImage=${debianRef}`])
    expect(generated.exitCode, generated.stderr).toBe(0)
    const workspace = path.join(workDir, 'rooted-model')
    expect(await ownersUnder(workspace)).toEqual(new Set([0]))
    const before = (await execa('git', ['status', '--porcelain', '--ignored'], { cwd: workspace })).stdout

    const cli = ['--workspace-folder', workspace, '--docker-path', '/usr/bin/docker']
    const up = await execa(DEVCONTAINER, ['up', ...cli], { reject: false })
    expect(up.exitCode, up.stderr.slice(-2000)).toBe(0)
    expect(JSON.parse(up.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({ outcome: 'success', remoteUser: 'dev' })
    expect((await execa(DEVCONTAINER, ['exec', ...cli, 'id', '-u'])).stdout.trim()).toBe('1000')

    // What a developer types: the Makefile's test target, as the dev container's user.
    const tests = await execa(DEVCONTAINER, ['exec', ...cli, 'make', 'test'], { reject: false })
    expect(tests.exitCode, `${tests.stdout.slice(-3000)}\n${tests.stderr.slice(-2000)}`).toBe(0)
    expect(tests.stdout).toMatch(/\d+ passed/)
    expect(tests.stdout).not.toMatch(/PytestCacheWarning|Permission denied/)
    // Still root's, and nothing new: no cache, bytecode or coverage file in the checkout.
    expect(await ownersUnder(workspace)).toEqual(new Set([0]))
    expect((await execa('git', ['status', '--porcelain', '--ignored'], { cwd: workspace })).stdout).toBe(before)
  }, 1_800_000)
})
