import { describe, expect, it } from 'vitest'
import { candidateRuleIdsInBytes, PREFILTER } from '../../src/secrets/keywords.js'
// @ts-expect-error -- plain JavaScript data shared with the benchmark
import { LURES, SECRETS } from './corpus/corpus.mjs'

// The plain definition the fast path must agree with: at every gate, every entry's `next` tried on the whole text.
function reference(bytes: Buffer): string[] {
  const text = bytes.toString('latin1')
  const found = new Set<string>()
  for (let index = 0; index + 1 < bytes.length; index++) {
    for (const { id, next, offset } of PREFILTER.entriesByGate.get((bytes[index] as number) | ((bytes[index + 1] as number) << 8)) ?? []) {
      if (index < offset) continue
      next.lastIndex = index - offset
      if (next.test(text)) found.add(id)
    }
  }
  return [...found].sort()
}

describe('PREFILTER', () => {
  // The fast path compares a keyword's bytes (and its gate's follower) before it tries `next`: sound only if
  // every match of a rule's `next` starts with one of that rule's keywords (case-insensitively under `i`).
  it('has a keyword where every match of a rule\'s `next` starts', () => {
    const entries = [...PREFILTER.entriesByGate.values()].flat()
    const rules = new Map(entries.map((entry) => [entry.id, { next: entry.next, keywords: new Set<string>() }]))
    for (const entry of entries) rules.get(entry.id)?.keywords.add(entry.keyword)
    let seed = 5
    const random = (below: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % below
    const pieces = [...entries.map((entry) => entry.keyword), ...[...SECRETS, ...LURES].map((sample: { content: string }) => sample.content), 'Xx', '_', '-', ':', '//', 'a1', '.', 'srv', 'ql', '@', '0123456789abcdef']
    let matches = 0
    for (let count = 0; count < 3000; count++) {
      let text = ''
      for (let part = random(6); part >= 0; part--) {
        const piece = pieces[random(pieces.length)] as string
        text += random(3) === 0 ? piece.toUpperCase() : random(3) === 0 ? piece.toLowerCase() : piece
      }
      for (const [id, { next, keywords }] of rules) {
        for (let start = 0; start < text.length; start++) {
          next.lastIndex = start
          if (!next.test(text)) continue
          matches++
          const at = next.ignoreCase ? text.slice(start).toLowerCase() : text.slice(start)
          expect([...keywords].some((keyword) => at.startsWith(keyword)), `${id} at ${start} of ${JSON.stringify(text)}`).toBe(true)
        }
      }
    }
    expect(matches).toBeGreaterThan(1000)
  })
})

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
