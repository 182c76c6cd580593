import { expect, it } from 'vitest'
import rule from '../../../src/conform/rules/secrets-no-credentials.js'
import { runConform } from '../../../src/conform/engine.js'
import { ruleTester, testdir } from '../helpers.js'

// Built at run time so this test file itself holds no credential-shaped string.
const GITHUB_TOKEN = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_')
const PRIVATE_KEY = `-----BEGIN RSA ${'PRIVATE'} KEY-----\nMIIEowIBAAKCAQEA${'Q'.repeat(200)}\n-----END RSA ${'PRIVATE'} KEY-----\n`
const SLACK_WEBHOOK = `https://hooks.slack.com/services/${['T0A1B2C3D4', 'B0A1B2C3D4', 'aB3dE5gH7jK9mN1pQ2sT4vW6'].join('/')}`
const STRIPE_KEY = ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dcTx9Q2mBn'].join('_')

// 2.5 MB of text (over the 2 MB read limit): one token across the first 1 MiB chunk boundary, one near the end.
function largeText(): { content: string; lines: number[] } {
  const filler = 'value = compute(index)  # ordinary line of a generated data file\n'
  const lines: string[] = []
  let size = 0
  const found: number[] = []
  while (size < 2.5 * 1024 * 1024) {
    const straddles = found.length === 0 && size > 1024 * 1024 - 40
    const line = straddles || (found.length === 1 && size > 2.4 * 1024 * 1024) ? `token = "${GITHUB_TOKEN}"\n` : filler
    if (line !== filler) found.push(lines.length + 1)
    lines.push(line)
    size += line.length
  }
  return { content: lines.join(''), lines: found }
}
const large = largeText()

ruleTester(rule, {
  valid: [
    { name: 'placeholders and env reads', files: { 'app.py': 'import os\ntoken = os.environ["GITHUB_TOKEN"]\nurl = "postgres://${USER}:${PASSWORD}@db/app"\n' } },
    { name: 'binary files are skipped', files: { 'model.bin': `${'\0\x01\x02\x03\xff'.repeat(400)}${GITHUB_TOKEN}` } },
    { name: 'secretlint-disable comment', files: { 'fixture.txt': `# secretlint-disable-next-line\ntoken = "${GITHUB_TOKEN}"\n` } },
    { name: 'localhost database in a test config', files: { 'tests/conftest.py': 'DATABASE_URL = "postgres://postgres:postgres@localhost:5432/test"\n' } },
  ],
  invalid: [
    {
      name: 'GitHub token, private key and a DB URL with a password',
      files: { 'src/a.py': `\n\ntoken = "${GITHUB_TOKEN}"\n`, 'deploy/key.pem': PRIVATE_KEY, 'config.yaml': `db: postgresql://app:${'Sup3rS3cretPw'}@db.internal.acme.io:5432/app\n` },
      errors: [{ file: 'config.yaml', line: 1 }, { file: 'deploy/key.pem', line: 1 }, { file: 'src/a.py', line: 3 }],
    },
    { name: 'Slack incoming webhook', files: { 'monitoring.yaml': `alerts:\n  webhook: ${SLACK_WEBHOOK}\n` }, errors: [{ file: 'monitoring.yaml', line: 2 }] },
    { name: 'a stray NUL near the top does not hide the file', files: { 'notes.txt': `\0# exported\ntoken = "${GITHUB_TOKEN}"\n` }, errors: [{ file: 'notes.txt', line: 2 }] },
    { name: 'Stripe key in a notebook', files: { 'nb.ipynb': `{\n "cells": [{"source": ["stripe.api_key = \\"${STRIPE_KEY}\\"\\n"]}]\n}\n` }, errors: [{ file: 'nb.ipynb', line: 2 }] },
    { name: 'text over 2 MB is scanned in chunks, across a chunk boundary', files: { 'data/big.py': large.content }, errors: large.lines.map((line) => ({ file: 'data/big.py', line })) },
  ],
})

it('says what it found in a sentence', async () => {
  const dir = await testdir({ 'a.yaml': `hook: ${SLACK_WEBHOOK}\n` })
  const [finding] = (await runConform({ dir, rules: [rule.id] })).findings
  expect(finding?.message).toBe('Found a Slack Incoming Webhook URL (slack): revoke it, remove it from the file and its history, and read it from the environment or /run/secrets instead.')
  expect(finding?.column).toBe(7)
})

it('finds the same secrets when a large repository is read on every core', async () => {
  const filler = Object.fromEntries(Array.from({ length: 2100 }, (_, index) => [`src/m${index % 20}/f${index}.py`, `def f${index}():\n    return "https://example.org/${index}"\n`]))
  const dir = await testdir({
    ...filler,
    'src/m3/leak.py': `x = 1\ntoken = "${GITHUB_TOKEN}"\n`,
    'notes.txt': `\0# exported\ntoken = "${GITHUB_TOKEN}"\n`,
    'data/big.py': large.content,
    'empty.txt': '',
  })
  const findings = (await runConform({ dir, rules: [rule.id] })).findings.map(({ file, line }) => ({ file, line }))
  expect(findings).toEqual([...large.lines.map((line) => ({ file: 'data/big.py', line })), { file: 'notes.txt', line: 2 }, { file: 'src/m3/leak.py', line: 2 }])
})
