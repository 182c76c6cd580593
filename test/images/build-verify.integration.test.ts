import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildImage } from '../../src/images/build.js'
import { verifyImage } from '../../src/images/verify.js'
import { ToolError } from '../../src/errors.js'
import { BASE_TAG, RUNTIME_TAG, RUN_LABEL, SKIP_REASON, ensurePythonImages, removeRunArtifacts, runDockerTests, writeContext } from './engine.js'

const unique = `${process.pid}-${Date.now()}`

/** Builds a tiny image FROM the bootstrapped Debian base, labelled for cleanup. */
async function buildFixture(name: string, dockerfile: string) {
  const contextDir = await writeContext({ Dockerfile: dockerfile })
  return buildImage({ contextDir, tag: `opsmith-test/${name}:${unique}`, buildArgs: { BASE_IMAGE: BASE_TAG }, labels: RUN_LABEL })
}

describe.skipIf(!runDockerTests)(`image build and verify against the real engine${SKIP_REASON}`, () => {
  beforeAll(ensurePythonImages, 900_000)
  afterAll(removeRunArtifacts)

  it('rejects a failing build, naming the failing step and its output', async () => {
    const error = await buildFixture('fails', `ARG BASE_IMAGE\nFROM \${BASE_IMAGE}\nRUN echo preparing\nRUN echo broken-step-output && exit 3\n`).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(ToolError)
    expect((error as ToolError).code).toBe('failed')
    expect((error as ToolError).message).toMatch(/at Step \d+\/\d+ : RUN echo broken-step-output && exit 3/)
    expect((error as ToolError).message).toMatch(/non-zero code: 3/)
    expect((error as ToolError).details.join('\n')).toContain('broken-step-output')
  })

  it('builds FROM the bootstrapped base, and says so, when the pinned Debian image cannot be pulled', async () => {
    const unreachable = `127.0.0.1:1/nowhere/debian@sha256:${'a'.repeat(64)}`
    const contextDir = await writeContext({ Dockerfile: `ARG DEBIAN_IMAGE=${unreachable}\nFROM \${DEBIAN_IMAGE}\nUSER 65532\nCMD ["true"]\n` })
    const notices: string[] = []
    const built = await buildImage({ contextDir, tag: `opsmith-test/fallback:${unique}`, labels: RUN_LABEL, bootstrapTag: BASE_TAG, onNotice: (text) => notices.push(text) })
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/^Cannot pull 127\.0\.0\.1:1\/nowhere\/debian@sha256:a{64} \(.+\); building FROM the bootstrapped opsmith-test\/debian:bookworm instead\.$/)
    expect(built.notice).toBe(notices[0])
    const missing = await buildImage({ contextDir, tag: `opsmith-test/fallback-none:${unique}`, bootstrapTag: 'opsmith-test/none:missing' }).catch((error: unknown) => error)
    expect((missing as ToolError).message).toMatch(/there is no bootstrapped opsmith-test\/none:missing: run `opsmith image bootstrap`/)
  }, 120_000)

  it('passes our runtime image: non-root, no setuid, no shell or package manager, HEALTHCHECK, under 40 MB', async () => {
    const result = await verifyImage(RUNTIME_TAG)
    expect(result.findings).toEqual([])
    expect(result.checks.filter((check) => !check.passed)).toEqual([])
    expect(result.passed).toBe(true)
    expect(result.sizeBytes).toBeLessThan(40e6)
  }, 120_000)

  it('fails an image that runs as root', async () => {
    const built = await buildFixture('root', `ARG BASE_IMAGE\nFROM \${BASE_IMAGE}\nHEALTHCHECK CMD ["true"]\nCMD ["true"]\n`)
    const result = await verifyImage(built.tag, { variant: 'dev' })
    expect(result.passed).toBe(false)
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'dockerfile-non-root-user', severity: 'error' }))
  }, 120_000)

  it('fails an image with a setuid file (and names it)', async () => {
    const built = await buildFixture('setuid', `ARG BASE_IMAGE\nFROM \${BASE_IMAGE}\nRUN cp /bin/true /usr/local/bin/escalate && chmod 4755 /usr/local/bin/escalate\nUSER 65532\nCMD ["true"]\n`)
    const result = await verifyImage(built.tag, { variant: 'dev' })
    expect(result.checks).toContainEqual(expect.objectContaining({ id: 'image-no-setuid', passed: false, subject: '/usr/local/bin/escalate' }))
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'image-no-setuid', message: expect.stringContaining('/usr/local/bin/escalate') as unknown }))
  }, 120_000)

  it('fails an image that carries a secret in ENV', async () => {
    const built = await buildFixture('secret-env', `ARG BASE_IMAGE\nFROM \${BASE_IMAGE}\nENV API_TOKEN=ghp_${'a1B2c3D4e5F6g7H8i9J0'.repeat(2).slice(0, 36)}\nUSER 65532\nCMD ["true"]\n`)
    const result = await verifyImage(built.tag, { variant: 'dev' })
    expect(result.passed).toBe(false)
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'dockerfile-no-secrets-in-env', message: expect.stringContaining('ENV API_TOKEN') as unknown }))
  }, 120_000)
})
