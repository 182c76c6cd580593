import fs from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { IMAGES_DIR, TEMPLATES_DIR } from '../../src/paths.js'

const read = (file: string) => fs.readFile(file, 'utf8')
const docker = (pack: string, file: string) => path.join(TEMPLATES_DIR, pack, 'project/docker', file)
const PACKS = ['python-ml', 'python-llm']

// The platform images (images/python) and a generated project's own stages are one build: same scripts, same lists.
describe('images/python and the generated Dockerfile build the same runtime', () => {
  it('uses the same collect.py and runtime-base.args', async () => {
    expect(await read(path.join(IMAGES_DIR, 'python/bin/opsmith-collect'))).toBe(await read(docker('python-base', 'collect.py.hbs')))
    expect(await read(path.join(IMAGES_DIR, 'python/runtime-base.args'))).toBe(await read(docker('python-base', 'runtime-base.args.hbs')))
  })

  it('uses the same healthcheck hook, reading OPSMITH_HEALTHCHECK_* in the platform image', async () => {
    const image = await read(path.join(IMAGES_DIR, 'python/healthcheck.py'))
    expect(image).toContain('os.environ.get("OPSMITH_HEALTHCHECK_URL", "")')
    expect(image.replaceAll('OPSMITH_HEALTHCHECK_', 'HEALTHCHECK_')).toBe(await read(docker('python-base', 'healthcheck.py.hbs')))
  })

  it('keeps the shared helper scripts and the Dockerfile that uses them once, in python-base', async () => {
    const dockerfile = await read(path.join(TEMPLATES_DIR, 'python-base', 'project/Dockerfile.hbs'))
    expect(dockerfile).toContain('docker/collect.py')
    expect(dockerfile).toContain('docker/runtime-base.args')
    for (const pack of PACKS) {
      await expect(fs.access(path.join(TEMPLATES_DIR, pack, 'project/Dockerfile.hbs'))).rejects.toThrow()
      await expect(fs.access(docker(pack, 'collect.py.hbs'))).rejects.toThrow()
    }
  })

  it('pins the same Debian image everywhere, by digest, with no placeholder', async () => {
    const refs = JSON.parse(await read(path.join(IMAGES_DIR, 'refs.json'))) as { debian: string }
    expect(refs.debian).toMatch(/^debian:bookworm-\d{8}-slim@sha256:(?!0{64})[a-f0-9]{64}$/)
    expect(await read(path.join(IMAGES_DIR, 'python/Dockerfile'))).toContain(`ARG DEBIAN_IMAGE=${refs.debian}\n`)
  })
})
