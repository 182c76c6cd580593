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
    const rules = new Map(entries.map((entry) => [entry.id, { next: entry.next, after: entry.after, keywords: new Set<string>() }]))
    for (const entry of entries) rules.get(entry.id)?.keywords.add(entry.keyword)
    let seed = 5
    const random = (below: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % below
    const pieces = [...entries.map((entry) => entry.keyword), ...[...SECRETS, ...LURES].map((sample: { content: string }) => sample.content), 'Xx', '_', '-', ':', '//', 'a1', '.', 'srv', 'ql', '@', '0123456789abcdef', 'u'.repeat(255), 'p'.repeat(256)]
    let matches = 0
    for (let count = 0; count < 3000; count++) {
      let text = ''
      for (let part = random(6); part >= 0; part--) {
        const piece = pieces[random(pieces.length)] as string
        text += random(3) === 0 ? piece.toUpperCase() : random(3) === 0 ? piece.toLowerCase() : piece
      }
      for (const [id, { next, after, keywords }] of rules) {
        for (let start = 0; start < text.length; start++) {
          next.lastIndex = start
          if (!next.test(text)) continue
          matches++
          const at = next.ignoreCase ? text.slice(start).toLowerCase() : text.slice(start)
          const keyword = [...keywords].find((candidate) => at.startsWith(candidate))
          expect(keyword, `${id} at ${start} of ${JSON.stringify(text)}`).toBeDefined()
          // And what the rule's `after` asks of the bytes after the keyword (checked before any text is decoded) holds.
          if (after && keyword) {
            let end = start + keyword.length
            while (end - start - keyword.length < after.max && after.run[text.charCodeAt(end)] === 1) end++
            expect(end - start - keyword.length >= after.min && text.charCodeAt(end) === after.then, `${id}'s after at ${start} of ${JSON.stringify(text)}`).toBe(true)
          }
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
    const pieces = ['user:pw@', '://', 'SECRET', 'Access', 'ghp_', 'gho_', 'github_pat_', 'xoxb-', 'hooks.slack.com/services/', 'postgres', 'mongodb+srv', 'PRIVATE KEY-----', 'AKIA', 'dapi', 'hf_', 'npm_', 'sk_live_', 'cohere', 'co_api_key', 'wandb', 'AccountKey=', 'T3BlbkFJ', 'SG.', 'pypi-AgEIcHlwaS5vcmc', 'sk-ant-api03-', 'eyJhbGciOiJIUzI1NiJ9.eyJ', 'abcdef0123456789'.repeat(3), 'u'.repeat(255), 'p'.repeat(256), 'https://example.com/', 'x:', ':', '@', ' ', '\n', '_', '-', 'é']
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

  // basicauth's `after`: one to 256 of [-a-zA-Z0-9_] after `://`, then `:`; checked on the bytes, before `next`.
  it.each([
    ['https://user:pw@example.com', true],
    [`https://${'u'.repeat(256)}:pw@example.com`, true],
    [`https://${'u'.repeat(257)}:pw@example.com`, false],
    ['https://:pw@example.com', false],
    ['https://example.com/user:pw@', false],
    ['https://u-s_e9:pw@', true],
    ['ftp://u:p@', true],
    ['https://u', false],
    ['https://', false],
  ])('basicauth at the bytes of %j: %s', (text, found) => {
    const bytes = Buffer.from(text, 'latin1')
    expect(candidateRuleIdsInBytes(bytes).includes('@secretlint/secretlint-rule-basicauth')).toBe(found)
    expect(reference(bytes).includes('@secretlint/secretlint-rule-basicauth')).toBe(found)
  })
})
