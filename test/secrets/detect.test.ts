import { lintSource } from '@secretlint/core'
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend'
import { describe, expect, it } from 'vitest'
import { candidateRuleIds, detectSecrets, hasSecretKeyword } from '../../src/secrets/index.js'
import { PREFILTERED_RULE_IDS } from '../../src/secrets/keywords.js'
import { PATTERNS } from '../../src/secrets/patterns.js'

// Credential-shaped samples, assembled at run time so this file holds none verbatim.
const r = (length: number, alphabet = 'aB3dE5gH7jK9mN1pQ2sT4vW6yZ8') => Array.from({ length }, (_, index) => alphabet[(index * 7 + 3) % alphabet.length]).join('')
const SAMPLES: Record<string, string> = {
  github: `token = "${['ghp', r(36)].join('_')}"`,
  gitlab: `GITLAB=${['glpat', r(20)].join('-')}`,
  slack: `SLACK=${['xoxb', '1234567890', '1234567890123', r(24)].join('-')}`,
  npm: `//registry.npmjs.org/:_authToken=${['npm', r(36)].join('_')}`,
  openai: `OPENAI_API_KEY=${['sk', 'proj', r(74)].join('-')}${'T3Blbk'}FJ${r(74)}`,
  anthropic: `ANTHROPIC_API_KEY=${['sk', 'ant', 'api03', r(93)].join('-')}AA`,
  huggingface: `HF_TOKEN=${['hf', r(34, 'abcdefghijkLMNOPQRSTuvwxyz')].join('_')}`,
  sendgrid: `SENDGRID=${['SG', r(22), r(43)].join('.')}`,
  shopify: `SHOPIFY=${['shpat', r(32, '0123456789abcdef')].join('_')}`,
  basicauth: `url = "https://deploy:${r(12)}@git.acme.io/repo.git"`,
  postgres: `DATABASE_URL=postgres://app:${r(14)}@db.internal:5432/app`,
  privatekey: `-----BEGIN RSA ${'PRIVATE'} KEY-----\nMIIEowIBAAKCAQEA${'Q'.repeat(200)}\n-----END RSA ${'PRIVATE'} KEY-----`,
  aws: `aws_secret_access_key = "${r(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij0123456789/+')}"`,
  plain: 'def train(model):\n    return model.fit(X, y)  # nothing secret here',
}

async function fullPreset(content: string) {
  const result = await lintSource({ source: { content, filePath: 'sample.txt', ext: '.txt', contentType: 'text' }, options: { config: { rules: [{ id: recommended.meta.id, rule: recommended }] } as never, maskSecrets: true } })
  return result.messages.filter((message) => message.type === 'message').map((message) => ({ ruleId: message.ruleId, line: message.loc.start.line, column: message.loc.start.column + 1 }))
}

describe('detectSecrets', () => {
  it('returns { ruleId, message, line, column } with the secret masked', async () => {
    const token = ['ghp', r(36)].join('_')
    const found = await detectSecrets(`\n\nx = "${token}"\n`, 'src/app.py')
    expect(found).toEqual([{ ruleId: '@secretlint/secretlint-rule-github', kind: 'GitHub Token', message: 'Found a GitHub Token.', line: 3, column: 6 }])
    expect(found[0]?.message).not.toContain(token)
  })

  it.each(Object.keys(SAMPLES))('finds exactly what the full recommended preset finds: %s', async (name) => {
    const content = `# sample\n${SAMPLES[name]}\n`
    const expected = await fullPreset(content)
    const actual = (await detectSecrets(content, 'sample.txt')).map(({ ruleId, line, column }) => ({ ruleId, line, column }))
    expect(actual).toEqual(expected)
    if (name !== 'plain') expect(actual.length).toBeGreaterThan(0)
  })

  it('has a keyword prefilter for every scanner of the installed preset and every own pattern', () => {
    const scanners = recommended.rules.map((rule) => rule.meta.id).filter((id) => id !== '@secretlint/secretlint-rule-filter-comments')
    expect([...PREFILTERED_RULE_IDS].sort()).toEqual([...scanners, ...PATTERNS.map((pattern) => pattern.id)].sort())
  })

  it('keeps Slack incoming webhooks past the prefilter', () => {
    const url = `https://hooks.slack.com/services/${['T0A1B2C3D', 'B0A1B2C3D', r(24)].join('/')}`
    expect(candidateRuleIds(`notify: ${url}`)).toEqual(['@secretlint/secretlint-rule-slack'])
  })

  it('skips files without any keyword before running the detector', () => {
    expect(hasSecretKeyword(SAMPLES.plain ?? '')).toBe(false)
    expect(candidateRuleIds(SAMPLES.github ?? '')).toEqual(['@secretlint/secretlint-rule-github'])
  })

  it('does not grow the performance timeline over many files', async () => {
    const before = performance.getEntriesByType('mark').length
    for (let index = 0; index < 200; index++) await detectSecrets(SAMPLES.github ?? '', `f${index}.txt`)
    expect(performance.getEntriesByType('mark').length).toBe(before)
  })
})
