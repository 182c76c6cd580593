import { describe, expect, it } from 'vitest'
import { candidateRuleIdsInBytes, PREFILTER } from '../../src/secrets/keywords.js'
// @ts-expect-error -- plain JavaScript data shared with the benchmark
import { LURES, SECRETS } from './corpus/corpus.mjs'

// The plain definition the fast path must agree with: at every gate, every entry's `next` tried on the whole text.
function reference(bytes: Buffer): string[] {
  const text = bytes.toString('latin1')
  const found = new Set<string>()
  for (let index = 0; index + 1 < bytes.length; index++) {
    for (const { id, next, offset } of PREFILTER.entriesByGate.get(((bytes[index] as number) << 8) | (bytes[index + 1] as number)) ?? []) {
      if (index < offset) continue
      next.lastIndex = index - offset
      if (next.test(text)) found.add(id)
    }
  }
  return [...found].sort()
}

describe('candidateRuleIdsInBytes', () => {
  it('agrees with trying every pattern on the whole text, on the corpus and on text made of keyword pieces', () => {
    const samples: string[] = [...SECRETS, ...LURES].map((sample: { content: string }) => sample.content)
    let seed = 11
    const random = (below: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % below
    const pieces = ['user:pw@', '://', 'SECRET', 'Access', 'ghp_', 'gho_', 'github_pat_', 'xoxb-', 'hooks.slack.com/services/', 'postgres', 'mongodb+srv', 'PRIVATE KEY-----', 'AKIA', 'dapi', 'hf_', 'npm_', 'sk_live_', 'cohere', 'co_api_key', 'wandb', 'AccountKey=', 'T3BlbkFJ', 'SG.', 'pypi-AgEIcHlwaS5vcmc', 'sk-ant-api03-', 'eyJhbGciOiJIUzI1NiJ9.eyJ', 'abcdef0123456789'.repeat(3), ' ', '\n', '_', '-', 'é']
    for (let count = 0; count < 3000; count++) {
      let text = ''
      for (let part = random(8); part >= 0; part--) {
        const piece = pieces[random(pieces.length)] as string
        text += random(3) === 0 ? piece.toUpperCase() : random(3) === 0 ? piece.toLowerCase() : piece
      }
      samples.push(text)
    }
    let withCandidates = 0
    for (const sample of samples) {
      const bytes = Buffer.from(sample, 'utf8')
      const expected = reference(bytes)
      expect(candidateRuleIdsInBytes(bytes).sort(), sample).toEqual(expected)
      if (expected.length > 0) withCandidates++
    }
    expect(withCandidates).toBeGreaterThan(100)
  })
})
