import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateProject } from '../../src/generate/index.js'
import { buildImage } from '../../src/images/build.js'
import { getDocker } from '../../src/images/docker.js'
import { pushImage } from '../../src/images/push.js'
import { DEV_TAG, RUNTIME_TAG, RUN_LABEL, SKIP_REASON, ensurePythonImages, removeRunArtifacts, runDockerTests } from './engine.js'

const PINNED = /^127\.0\.0\.1:\d+\/platform\/python@sha256:[a-f0-9]{64}$/
const DEVCONTAINER = path.resolve('node_modules/.bin/devcontainer')
let registry: ChildProcess | undefined
let registryPort: number | undefined
let workDir = ''
const refs = { dev: '', runtime: '' }

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Debian's docker-registry on loopback (the engine accepts plain HTTP for 127.0.0.0/8). */
async function startRegistry(): Promise<number> {
  const port = await freePort()
  const config = path.join(workDir, 'registry.yml')
  await fs.writeFile(config, `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${workDir}/registry\nhttp:\n  addr: 127.0.0.1:${port}\n`)
  registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' })
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const up = await fetch(`http://127.0.0.1:${port}/v2/`).then((response) => response.ok, () => false)
    if (up) return port
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`docker-registry did not answer on 127.0.0.1:${port}`)
}

describe.skipIf(!runDockerTests)(`push, then a generated project built FROM the pinned refs${SKIP_REASON}`, () => {
  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'opsmith-project-'))
    await ensurePythonImages()
  }, 900_000)

  afterAll(async () => {
    registry?.kill()
    const docker = getDocker()
    const project = path.join(workDir, 'probe-model')
    for (const container of await docker.listContainers({ all: true, filters: { label: [`devcontainer.local_folder=${project}`] } })) {
      await docker.getContainer(container.Id).remove({ force: true })
    }
    await removeRunArtifacts()
    // Tags this run added outside its label: the pushed refs and the Dev Containers CLI's images (vsc-<folder>-...).
    for (const image of await docker.listImages()) {
      for (const tag of image.RepoTags ?? []) {
        if (!/^vsc-probe-/.test(tag) && !(registryPort && tag.startsWith(`127.0.0.1:${registryPort}/`))) continue
        await docker.getImage(tag).remove({ force: true })
      }
    }
    await fs.rm(workDir, { recursive: true, force: true })
  })

  it('pushes dev and runtime to a real registry and prints image@sha256 references', async () => {
    const port = await startRegistry()
    registryPort = port
    refs.dev = (await pushImage(DEV_TAG, { registry: `127.0.0.1:${port}/platform` })).pinned
    refs.runtime = (await pushImage(RUNTIME_TAG, { registry: `127.0.0.1:${port}/platform` })).pinned
    expect(refs.dev).toMatch(PINNED)
    expect(refs.runtime).toMatch(PINNED)
  }, 300_000)

  it('builds the generated project FROM those refs and its tests pass inside the runtime image', async () => {
    const targetDir = path.join(workDir, 'probe-model')
    await generateProject({ targetDir, template: 'python-ml', answers: { projectName: 'probe-model', baseImage: refs.runtime, devImage: refs.dev }, useDefaults: true, git: false })
    const dockerfile = await fs.readFile(path.join(targetDir, 'Dockerfile'), 'utf8')
    expect(dockerfile).toContain(`ARG BASE_IMAGE=${refs.runtime}`)
    const output: string[] = []
    const image = await buildImage({ contextDir: targetDir, tag: `opsmith-test/probe-model:${process.pid}`, labels: RUN_LABEL, onEvent: (event) => output.push(event.stream ?? '') })
    // The test stage ran pytest with the runtime's interpreter on the way to the final stage.
    expect(output.join('')).toMatch(/\d+ passed/)
    const inspect = await getDocker().getImage(image.tag).inspect()
    expect(inspect.Config.User).toBe('65532:65532')
  }, 600_000)

  it('runs the tests inside the dev container started by the Dev Containers CLI, as a non-root user', async () => {
    const workspace = path.join(workDir, 'probe-model')
    // A developer's checkout belongs to the developer; the CLI maps `dev` to that UID (here 1000).
    await execa('chown', ['-R', '1000:1000', workspace])
    const cli = ['--workspace-folder', workspace, '--docker-path', '/usr/bin/docker']
    const up = await execa(DEVCONTAINER, ['up', ...cli], { reject: false })
    expect(up.exitCode, up.stderr.slice(-2000)).toBe(0)
    expect(JSON.parse(up.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({ outcome: 'success', remoteUser: 'dev' })
    const uid = await execa(DEVCONTAINER, ['exec', ...cli, 'id', '-u'])
    expect(uid.stdout.trim()).toBe('1000')
    const tests = await execa(DEVCONTAINER, ['exec', ...cli, 'python3', '-m', 'pytest', '-q'], { reject: false })
    expect(tests.exitCode, tests.stdout.slice(-3000)).toBe(0)
    expect(tests.stdout).toMatch(/\d+ passed/)
  }, 600_000)
  // python-llm (issue 6): the same two checks for the LLM template, built FROM the same pushed refs.
  // Self-contained: generates its own folder and removes its own dev container.
  it('python-llm: builds FROM the pinned refs, its tests pass inside the runtime image', async () => {
    const targetDir = path.join(workDir, 'probe-assistant')
    await generateProject({ targetDir, template: 'python-llm', answers: { projectName: 'probe-assistant', baseImage: refs.runtime, devImage: refs.dev }, useDefaults: true, git: false })
    const output: string[] = []
    const image = await buildImage({ contextDir: targetDir, tag: `opsmith-test/probe-assistant:${process.pid}`, labels: RUN_LABEL, onEvent: (event) => output.push(event.stream ?? '') })
    expect(output.join('')).toMatch(/\d+ passed/)
    expect((await getDocker().getImage(image.tag).inspect()).Config.User).toBe('65532:65532')
  }, 600_000)

  it('python-llm: its tests, eval and red team pass inside the dev container (Dev Containers CLI)', async () => {
    const workspace = path.join(workDir, 'probe-assistant')
    await execa('chown', ['-R', '1000:1000', workspace])
    const cli = ['--workspace-folder', workspace, '--docker-path', '/usr/bin/docker']
    try {
      const up = await execa(DEVCONTAINER, ['up', ...cli], { reject: false })
      expect(up.exitCode, up.stderr.slice(-2000)).toBe(0)
      const tests = await execa(DEVCONTAINER, ['exec', ...cli, 'python3', '-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { reject: false })
      expect(tests.exitCode, tests.stdout.slice(-3000)).toBe(0)
      expect(tests.stdout).toMatch(/\d+ passed/)
      const make = await execa(DEVCONTAINER, ['exec', ...cli, 'make', 'eval', 'redteam', 'drift'], { reject: false })
      expect(make.exitCode, make.stdout.slice(-3000)).toBe(0)
    } finally {
      const docker = getDocker()
      for (const container of await docker.listContainers({ all: true, filters: { label: [`devcontainer.local_folder=${workspace}`] } })) {
        await docker.getContainer(container.Id).remove({ force: true })
      }
    }
  }, 600_000)
})
