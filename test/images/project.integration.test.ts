import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDocker, imageExists } from '../../src/images/docker.js'
import { type LocalImageRegistry, startImageRegistry } from '../helpers/docker-registry.js'
import { installPacked } from '../helpers/packed.js'
import { freePort } from '../helpers/port.js'
import { BASE_TAG, SKIP_REASON, ensureBootstrappedBase, runDockerTests } from './engine.js'

// Day one, as a user: the packed package, a loopback registry, nothing pulled from the internet.
// Every project's dev stage is the same Dockerfile steps FROM the same Debian image: one cached build.
const PINNED = /^127\.0\.0\.1:\d+\/platform\/python@sha256:[a-f0-9]{64}$/
const DEVCONTAINER = path.resolve('node_modules/.bin/devcontainer')
const PYTHON = 'PYTHON=/usr/bin/python3'
// Tags `opsmith image publish` and `bootstrap` use by default; removed afterwards when this run made them.
const DEFAULT_TAGS = ['opsmith/debian:bookworm', 'opsmith/python:dev', 'opsmith/python:runtime']
let registry: LocalImageRegistry | undefined
let registryHost = ''
let workDir = ''
let opsmith = ''
let debianRef = ''
const preexisting = new Set<string>()
const created: string[] = []

function run(args: string[], cwd = workDir) {
  return execa(opsmith, args, { cwd, reject: false, stdin: 'ignore', env: { CI: 'true' } })
}

function make(cwd: string, ...targets: string[]) {
  return execa('make', [...targets, PYTHON], { cwd, reject: false })
}

/** A developer's checkout belongs to the developer: the Dev Containers CLI maps `dev` to that UID (1000). */
async function openDevContainer(workspace: string, command: string[]) {
  await execa('chown', ['-R', '1000:1000', workspace])
  const cli = ['--workspace-folder', workspace, '--docker-path', '/usr/bin/docker']
  const up = await execa(DEVCONTAINER, ['up', ...cli], { reject: false })
  expect(up.exitCode, up.stderr.slice(-2000)).toBe(0)
  expect(JSON.parse(up.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({ outcome: 'success', remoteUser: 'dev' })
  expect((await execa(DEVCONTAINER, ['exec', ...cli, 'id', '-u'])).stdout.trim()).toBe('1000')
  return execa(DEVCONTAINER, ['exec', ...cli, ...command], { reject: false })
}

/** Runs the serving image the way production should and asks it for one prediction. */
async function predict(image: string): Promise<{ status: number; body: { predictions?: unknown[] } }> {
  const port = await freePort()
  const container = await execa('docker', ['run', '-d', '--rm', '--read-only', '--cap-drop=ALL', '--security-opt=no-new-privileges', '-p', `127.0.0.1:${port}:8080`, image])
  const id = container.stdout.trim()
  try {
    for (let attempt = 0; attempt < 60; attempt += 1) {
      if (await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false)) break
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    const response = await fetch(`http://127.0.0.1:${port}/predict`, { method: 'POST', body: JSON.stringify({ instances: [Array.from({ length: 30 }, () => 1)] }) })
    return { status: response.status, body: (await response.json()) as { predictions?: unknown[] } }
  } finally {
    await execa('docker', ['rm', '-f', id], { reject: false })
  }
}

async function removeDevContainers(workspace: string): Promise<void> {
  const docker = getDocker()
  for (const container of await docker.listContainers({ all: true, filters: { label: [`devcontainer.local_folder=${workspace}`] } })) {
    await docker.getContainer(container.Id).remove({ force: true })
  }
}

describe.skipIf(!runDockerTests)(`day one: packed package, loopback registry, generated projects${SKIP_REASON}`, () => {
  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'opsmith-day-one-'))
    for (const tag of DEFAULT_TAGS) if (await imageExists(tag)) preexisting.add(tag)
    await ensureBootstrappedBase()
    // What `opsmith image bootstrap` would import, under its default tag, without a second debootstrap.
    if (!preexisting.has(DEFAULT_TAGS[0] as string)) await getDocker().getImage(BASE_TAG).tag({ repo: 'opsmith/debian', tag: 'bookworm' })
    ;[{ opsmith }, registry] = await Promise.all([installPacked(), startImageRegistry()])
    registryHost = registry.host
    // The one Debian base argument: the bootstrapped image, pinned by the digest the registry gave it.
    const pushed = await run(['image', 'push', BASE_TAG, '--registry', `${registryHost}/platform`])
    expect(pushed.exitCode, pushed.stderr).toBe(0)
    debianRef = pushed.stdout.trim()
  }, 1_200_000)

  afterAll(async () => {
    await registry?.stop()
    for (const project of created) await removeDevContainers(path.join(workDir, project))
    const docker = getDocker()
    for (const image of await docker.listImages()) {
      for (const tag of image.RepoTags ?? []) {
        const ours = /^(vsc-probe-|probe-)/.test(tag) || tag.startsWith(`${registryHost}/`) || (DEFAULT_TAGS.includes(tag) && !preexisting.has(tag))
        if (ours) await docker.getImage(tag).remove({ force: true }).catch(() => undefined)
      }
    }
    await fs.rm(workDir, { recursive: true, force: true })
  })

  it('python-ml with defaults: untrained build says what to do; trained it builds, verifies and predicts', async () => {
    created.push('probe-model')
    const project = path.join(workDir, 'probe-model')
    expect((await run(['new', 'probe-model', '--yes', '--no-git', '--set', `debianImage=${debianRef}`])).exitCode).toBe(0)
    const dockerfile = await fs.readFile(path.join(project, 'Dockerfile'), 'utf8')
    expect(dockerfile).toContain(`FROM ${debianRef} AS debian\n`)
    expect(dockerfile).not.toMatch(/opsmith-(collect|requirements)|^# syntax=/m)

    const untrained = await run(['image', 'build', '--tag', 'probe-model:untrained'], project)
    expect(untrained.exitCode).toBe(1)
    expect(untrained.stderr).toContain('has no champion version to ship in the image: run `make train`')

    const tests = await make(project, 'test')
    expect(tests.exitCode, tests.stdout.slice(-2000)).toBe(0)
    expect((await make(project, 'train')).exitCode).toBe(0)
    const retest = await make(project, 'test')
    expect(retest.exitCode, retest.stdout.slice(-2000)).toBe(0)

    const built = await run(['image', 'build', '--tag', 'probe-model:latest', '--verbose'], project)
    expect(built.exitCode, built.stderr.slice(-3000)).toBe(0)
    expect(built.stderr).toMatch(/\d+ passed/) // the tests ran inside the runtime image on the way
    const verified = await run(['image', 'verify', 'probe-model:latest'], project)
    expect(verified.exitCode, verified.stdout).toBe(0)
    const answer = await predict('probe-model:latest')
    expect(answer.status).toBe(200)
    expect(answer.body.predictions).toHaveLength(1)
  }, 1_200_000)

  it('python-ml: the dev container opens, and the tests pass inside as UID 1000', async () => {
    const tests = await openDevContainer(path.join(workDir, 'probe-model'), ['python3', '-m', 'pytest', '-q', '-p', 'no:cacheprovider'])
    expect(tests.exitCode, tests.stdout.slice(-3000)).toBe(0)
    expect(tests.stdout).toMatch(/\d+ passed/)
  }, 900_000)

  it('publish: one command pushes verified dev and runtime images and pins them into a pack', async () => {
    const pack = path.join(workDir, 'acme-ml')
    await fs.mkdir(pack)
    await fs.writeFile(path.join(pack, 'package.json'), JSON.stringify({ name: 'acme-ml', version: '1.0.0', type: 'module' }))
    // A pack of data (no JavaScript, so no --trust): python-ml with the platform's images.
    await fs.writeFile(path.join(pack, 'generators.json'), JSON.stringify({ generators: { project: { prompts: [], actions: [] } } }))
    await fs.writeFile(path.join(pack, 'opsmith-pack.json'), JSON.stringify({ id: 'acme-ml', description: 'python-ml on the platform images', extends: 'python-ml' }))

    const published = await run(['image', 'publish', '--registry', `${registryHost}/platform`, '--pack', pack])
    expect(published.exitCode, published.stderr.slice(-3000)).toBe(0)
    const [dev, runtime] = published.stdout.split('\n').slice(0, 2).map((line) => line.split(/\s+/)[1] ?? '')
    expect(dev).toMatch(PINNED)
    expect(runtime).toMatch(PINNED)
    expect(JSON.parse(await fs.readFile(path.join(pack, 'opsmith-pack.json'), 'utf8')).images).toEqual({ dev, runtime })

    created.push('probe-platform')
    const project = path.join(workDir, 'probe-platform')
    expect((await run(['new', 'probe-platform', '--template', pack, '--yes', '--no-git'])).exitCode).toBe(0)
    const dockerfile = await fs.readFile(path.join(project, 'Dockerfile'), 'utf8')
    expect(dockerfile).toContain(`FROM ${dev} AS dev\n`)
    expect(dockerfile).toContain(`FROM ${runtime} AS runtime-base\n`)
    expect((await make(project, 'train')).exitCode).toBe(0)
    const built = await run(['image', 'build', '--tag', 'probe-platform:latest'], project)
    expect(built.exitCode, built.stderr.slice(-3000)).toBe(0)
    expect((await run(['image', 'verify', 'probe-platform:latest'], project)).exitCode).toBe(0)
    expect((await predict('probe-platform:latest')).status).toBe(200)
  }, 1_800_000)

  it('python-llm with defaults: builds and verifies; tests, eval and red team pass in its dev container', async () => {
    created.push('probe-assistant')
    const project = path.join(workDir, 'probe-assistant')
    expect((await run(['new', 'probe-assistant', '--template', 'python-llm', '--yes', '--no-git', '--set', `debianImage=${debianRef}`])).exitCode).toBe(0)
    const built = await run(['image', 'build', '--tag', 'probe-assistant:latest'], project)
    expect(built.exitCode, built.stderr.slice(-3000)).toBe(0)
    const verified = await run(['image', 'verify', 'probe-assistant:latest'], project)
    expect(verified.exitCode, verified.stdout).toBe(0)
    const tests = await openDevContainer(project, ['python3', '-m', 'pytest', '-q', '-p', 'no:cacheprovider'])
    expect(tests.exitCode, tests.stdout.slice(-3000)).toBe(0)
    const checks = await openDevContainer(project, ['make', 'eval', 'redteam', 'drift'])
    expect(checks.exitCode, checks.stdout.slice(-3000)).toBe(0)
  }, 1_200_000)
})
