import { describe, expect, it } from 'vitest'
import { readPolicy } from '../../src/conform/policy.js'
import { parseProjectRecord } from '../../src/record/index.js'

const KNOWN = { 'rule-a': 'error', 'rule-b': 'warning' } as const

async function errorsFor(manifest: string): Promise<string[]> {
  return readPolicy(await parseProjectRecord(manifest), KNOWN, {}).errors
}

describe('readPolicy', () => {
  it('returns defaults without .opsmith.json', async () => {
    const { policy, errors } = readPolicy(await parseProjectRecord(undefined), KNOWN, {})
    expect(errors).toEqual([])
    expect(policy.rules['rule-b']).toEqual({ severity: 'warning', options: {} })
  })

  it('reads levels, options and waivers', async () => {
    const manifest = JSON.stringify({ conform: { rules: { 'rule-a': 'off', 'rule-b': ['error', { max: 2 }] }, waivers: [{ rule: 'rule-a', path: 'x/**', reason: 'r', owner: 'o', expires: '2030-02-28' }] } }, null, 2)
    const { policy, errors } = readPolicy(await parseProjectRecord(manifest), KNOWN, {})
    expect(errors).toEqual([])
    expect(policy.rules).toEqual({ 'rule-a': { severity: 'off', options: {} }, 'rule-b': { severity: 'error', options: { max: 2 } } })
    // The waiver's position is its `expires` key, where an expired waiver is reported.
    expect(policy.waivers).toMatchObject([{ rule: 'rule-a', path: 'x/**', line: 18, column: 9 }])
  })

  it.each([
    ['{ "conform": { "rules": { "rule-a": "loud" } } }', 'conform.rules.rule-a: expected "off" | "warning" | "error" or ["error", { options }]'],
    ['{ "conform": { "rules": { "nope": "off" } } }', 'conform.rules.nope: unknown rule'],
    ['{ "conform": { "rules": { "rule-a": ["error", 3] } } }', 'conform.rules.rule-a[1]: expected an object of options'],
    ['{ "conform": { "waivers": {} } }', 'conform.waivers: expected an array'],
    ['{ "conform": { "waivers": [{ "rule": "rule-a", "path": "x" }] } }', 'conform.waivers[0].reason: expected a non-empty string'],
    ['{ "conform": { "waivers": [{ "rule": "rule-a", "path": "x", "reason": "r", "owner": "o", "expires": "2030-02-30" }] } }', 'conform.waivers[0].expires: expected a date YYYY-MM-DD'],
    ['{ "conform": [] }', 'conform: expected an object'],
    ['{\n  "conform": {,\n}', '.opsmith.json: invalid JSON at line 2: ValueExpected'],
  ])('reports %s as an error naming the key', async (manifest, message) => {
    expect(await errorsFor(manifest)).toContain(message)
  })
})
