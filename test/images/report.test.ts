import type { ImageInspectInfo } from 'dockerode'
import { describe, expect, it } from 'vitest'
import { checkMetadata } from '../../src/images/checks.js'
import { REPORT_FORMATS } from '../../src/images/report.js'
import type { VerifyResult } from '../../src/images/verify.js'
import { RULES } from '../../src/conform/rules/index.js'

const inspect = (env: string[]) => ({ Config: { Env: env, Labels: {} } }) as unknown as ImageInspectInfo

describe('image checks', () => {
  it('use the secret-name heuristic conform uses: AUTH_MODE=on passes, HF_TOKEN=... fails', async () => {
    const results = await checkMetadata(inspect(['AUTH_MODE=on', 'TOKENIZERS_PARALLELISM=false', 'HF_HOME=/cache', 'HF_TOKEN=abc']), [])
    expect(results.filter((result) => !result.passed).map(({ id, subject }) => ({ id, subject }))).toEqual([{ id: 'dockerfile-no-secrets-in-env', subject: 'HF_TOKEN' }])
  })
})

// A result as verifyImage returns it, for an image that runs as root with a setuid file.
const RESULT: VerifyResult = {
  image: 'acme/model:1',
  id: 'sha256:abc',
  variant: 'runtime',
  sizeBytes: 52_000_000,
  packageCount: 31,
  checks: [
    { id: 'dockerfile-non-root-user', severity: 'error', passed: false, message: 'The image runs as root: no USER is set. Add `USER 65532:65532`.' },
    { id: 'image-no-setuid', severity: 'error', passed: false, subject: '/usr/bin/su', message: '/usr/bin/su has the setuid or setgid bit. Remove it (chmod ug-s) or the file.' },
    { id: 'image-no-shell', severity: 'warning', passed: true, message: 'No shell.' },
  ],
  findings: [
    { rule: 'dockerfile-non-root-user', severity: 'error', docs: 'https://github.com/opsmith/opsmith#dockerfile-non-root-user', message: 'The image runs as root: no USER is set. Add `USER 65532:65532`.' },
    { rule: 'image-no-setuid', severity: 'error', docs: 'https://github.com/opsmith/opsmith#image-no-setuid', message: '/usr/bin/su has the setuid or setgid bit. Remove it (chmod ug-s) or the file.' },
  ],
  scannedFiles: 12,
  passed: false,
}

describe('image verify reports (conform report module)', () => {
  it('text: what was checked, then the findings in conform layout under the image name', () => {
    const text = REPORT_FORMATS.text(RESULT)
    expect(text).toContain('acme/model:1 (runtime, 52.0 MB, 31 packages)')
    expect(text).toContain('ok  image-no-shell')
    expect(text).toMatch(/^acme\/model:1\n {2}- {2}error +The image runs as root.* {2}dockerfile-non-root-user$/m)
    expect(text).toContain('2 problems (2 errors, 0 warnings, 0 waived')
  })

  it('json: conform findings plus the image', () => {
    const report = JSON.parse(REPORT_FORMATS.json(RESULT)) as { findings: Array<{ rule: string; file: null }>; image: { name: string; passed: boolean } }
    expect(report.findings.map((finding) => [finding.rule, finding.file])).toEqual([['dockerfile-non-root-user', null], ['image-no-setuid', null]])
    expect(report.image).toMatchObject({ name: 'acme/model:1', passed: false })
  })

  it('sarif: one writer, one id per check, the image as a logical location and no made-up file', () => {
    const log = JSON.parse(REPORT_FORMATS.sarif(RESULT)) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; ruleIndex: number; locations: Array<Record<string, unknown>> }> }>
    }
    const [run] = log.runs
    const ids = run?.tool.driver.rules.map((rule) => rule.id) ?? []
    for (const rule of RULES) expect(ids).toContain(rule.id)
    expect(ids).toContain('image-no-setuid')
    expect(run?.results.map((result) => result.ruleId)).toEqual(['dockerfile-non-root-user', 'image-no-setuid'])
    for (const result of run?.results ?? []) {
      expect(result.ruleIndex).toBeGreaterThanOrEqual(0)
      expect(result.locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: 'acme/model:1@sha256:abc', kind: 'resource' }] }])
    }
  })
})
