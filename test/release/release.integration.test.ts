import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDocker } from '../../src/images/docker.js'
import { startImageRegistry, type LocalImageRegistry } from '../helpers/docker-registry.js'
import { testdir } from '../helpers/testdir.js'
import { startRegistry, type LocalRegistry } from '../helpers/verdaccio.js'
import { BASE_TAG, SKIP_REASON, ensurePythonImages, runDockerTests } from '../images/engine.js'

// The release script end to end, against a loopback verdaccio and Debian's docker-registry: images built with
// opsmith, verified, pushed; the package published with those digests in images/refs.json.
const ROOT = path.resolve(import.meta.dirname, '../..')
let npmRegistry: LocalRegistry | undefined
let imageRegistry: LocalImageRegistry | undefined
let version = ''

describe.skipIf(!runDockerTests)(`npm run release -- --dry-run${SKIP_REASON}`, () => {
  beforeAll(async () => {
    version = (JSON.parse(await fsp.readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
    await ensurePythonImages()
    npmRegistry = await startRegistry(['create-opsmith'])
    imageRegistry = await startImageRegistry()
  }, 900_000)

  afterAll(async () => {
    await npmRegistry?.stop()
    await imageRegistry?.stop()
    const docker = getDocker()
    for (const image of await docker.listImages()) {
      for (const tag of image.RepoTags ?? []) {
        const ours = (imageRegistry && tag.startsWith(`${imageRegistry.host}/`)) || (tag.startsWith('opsmith-release/') && tag.endsWith(`-${version}`))
        if (ours) await docker.getImage(tag).remove({ force: true })
      }
    }
  })

  it('pushes verified images and publishes the package with their digests; a new project uses them', async () => {
    const registries = npmRegistry as LocalRegistry
    const images = imageRegistry as LocalImageRegistry
    const refsBefore = await fsp.readFile(path.join(ROOT, 'images/refs.json'), 'utf8')
    const release = await execa(
      'npm',
      ['run', 'release', '--', '--dry-run', '--skip-build', '--npm-registry', registries.url, '--image-registry', `${images.host}/opsmith`, '--base', BASE_TAG],
      { cwd: ROOT, env: registries.env, reject: false, all: true },
    )
    expect(release.exitCode, release.all).toBe(0)
    const refs = Object.fromEntries([...release.stdout.matchAll(/^(dev|runtime) (\S+)$/gm)].map((match) => [match[1], match[2]]))
    for (const variant of ['dev', 'runtime']) {
      expect(refs[variant]).toMatch(new RegExp(`^${images.host}/opsmith/python:3\\.11-${variant}@sha256:[0-9a-f]{64}$`))
      const digest = (refs[variant] as string).split('@')[1]
      const manifest = await fetch(`http://${images.host}/v2/opsmith/python/manifests/${digest}`, {
        headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' },
      })
      expect(manifest.status).toBe(200)
    }
    // The checkout is untouched; the published package carries the pushed digests.
    expect(await fsp.readFile(path.join(ROOT, 'images/refs.json'), 'utf8')).toBe(refsBefore)
    const cwd = await testdir()
    const created = await execa('npm', ['create', `opsmith@${version}`, 'p', '--', '--yes', '--no-git'], { cwd, env: registries.env, reject: false })
    expect(created.exitCode, created.stderr).toBe(0)
    expect(created.stderr).not.toContain('unpublished placeholder')
    const dockerfile = await fsp.readFile(path.join(cwd, 'p/Dockerfile'), 'utf8')
    expect(dockerfile).toContain(`FROM ${refs.dev} AS dev\n`)
    expect(dockerfile).toContain(`FROM ${refs.runtime} AS runtime-base\n`)
  }, 1_200_000)

  it('refuses bad arguments with exit 2 and one line, before building anything', async () => {
    const result = await execa('node', ['.ci/release.mjs', '--dry-run', '--npm-registry', 'not-a-url', '--image-registry', 'x/y'], { cwd: ROOT, reject: false })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/^release: --npm-registry must be an http\(s\) URL\./)
  })
})
