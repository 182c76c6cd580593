import { describe, expect, it } from 'vitest'
import { detectSecrets } from '../../src/secrets/index.js'
// @ts-expect-error -- plain JS module shared with the benchmark script
import { LURES, SECRETS } from './corpus/corpus.mjs'

interface Entry {
  kind: string
  file: string
  content: string
  secret: boolean
  line?: number
}
const secrets = SECRETS as Entry[]
const lures = LURES as Entry[]

describe('secret corpus', () => {
  it('has at least 40 secrets of at least 25 kinds and at least 20 lures', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(40)
    expect(new Set(secrets.map((entry) => entry.kind)).size).toBeGreaterThanOrEqual(25)
    expect(lures.length).toBeGreaterThanOrEqual(20)
  })

  // Recall 100%: every planted secret is reported on its line, in a whole sentence.
  it.each(secrets.map((entry) => [entry.kind, entry.file, entry] as const))('finds %s in %s', async (_kind, file, entry) => {
    const found = await detectSecrets(entry.content, file)
    expect(found.map((finding) => finding.line)).toContain(entry.line)
    for (const finding of found) expect(finding.message).toMatch(/^Found an? [A-Z0-9&' ()a-z-]+\.$/)
  })

  // Zero false alarms: no lure is reported.
  it.each(lures.map((entry) => [entry.kind, entry.file, entry] as const))('does not report %s (%s)', async (_kind, file, entry) => {
    expect(await detectSecrets(entry.content, file)).toEqual([])
  })
})
