import { readFile } from 'node:fs/promises'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { beforeAll, describe, expect, it } from 'vitest'
import { runConform, type ConformResult } from '../../src/conform/engine.js'
import { formatReport } from '../../src/conform/report/index.js'
import { testdir } from './helpers.js'

const MANIFEST = {
  template: { id: 'python-ml', version: '0.1.0' },
  conform: { waivers: [{ rule: 'dockerfile-copy-not-add', path: 'legacy/**', reason: 'vendored image', owner: 'platform', expires: '2099-12-31' }] },
}
let result: ConformResult

beforeAll(async () => {
  const dir = await testdir({
    '.opsmith.json': JSON.stringify(MANIFEST),
    Dockerfile: 'FROM python:3.12\nUSER root\n',
    'legacy/Dockerfile': 'FROM a:1\nADD x /x\n',
    'src/my app/a b.py': '',
  })
  result = await runConform({ dir, rules: ['dockerfile-non-root-user', 'dockerfile-copy-not-add', 'workflow-required-jobs', 'manifest-present'] })
})

describe('text report', () => {
  it('groups by file with line:col, severity, message and rule, then a summary', () => {
    const text = formatReport(result, 'text')
    expect(text).toMatch(/^Dockerfile\n {2}2:1 {2}error {4}`USER root` runs the container as root.* {2}dockerfile-non-root-user$/m)
    expect(text.trim().split('\n').at(-1)).toBe('8 problems (8 errors, 0 warnings, 1 waived; 4 rules on 4 files).')
  })
})

describe('json report', () => {
  it('has version, findings with docs links, summary', () => {
    const report = JSON.parse(formatReport(result, 'json')) as { version: number; findings: Array<Record<string, unknown>>; waived: unknown[]; summary: Record<string, number> }
    expect(report.version).toBe(1)
    expect(report.findings[0]).toEqual({
      rule: 'workflow-required-jobs',
      severity: 'error',
      file: '.github/workflows/ci.yml',
      // The workflow does not exist: the finding names it without a position.
      line: null,
      column: null,
      message: expect.stringContaining('No workflow job runs lint') as unknown,
      docs: 'https://github.com/opsmith/opsmith#workflow-required-jobs',
      fingerprint: expect.stringMatching(/^[a-f0-9]{32}:1$/) as unknown,
    })
    expect(report.waived).toHaveLength(1)
    expect(report.summary).toMatchObject({ errors: 8, warnings: 0, waived: 1 })
  })
})

describe('sarif report', () => {
  it('validates against the SARIF 2.1.0 schema and carries rules, locations and suppressions', async () => {
    const schema = JSON.parse(await readFile(new URL('fixtures/sarif-schema-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as Record<string, unknown>
    // Draft-04 spellings: Ajv (draft-07) reads `$id`; the keywords used are otherwise the same.
    const { $schema: _draft, id, ...rest } = schema
    // The schema's language pattern has a stray `]`, legal only without the u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })
    addFormats.default(ajv)
    const validate = ajv.compile({ ...rest, $id: String(id) })
    const log = JSON.parse(formatReport(result, 'sarif')) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } }; results: Array<Record<string, any>> }> }
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true)
    const run = log.runs[0]!
    expect(run.tool.driver.rules.find((rule) => rule.id === 'dockerfile-base-pinned')?.helpUri).toBe('https://github.com/opsmith/opsmith#dockerfile-base-pinned')
    const waived = run.results.find((entry) => entry.suppressions)
    expect(waived?.ruleId).toBe('dockerfile-copy-not-add')
    expect(waived?.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'vendored image (owner platform, expires 2099-12-31)' }])
    expect(waived?.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'legacy/Dockerfile', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 9 } })
    for (const entry of run.results) expect(run.tool.driver.rules[entry.ruleIndex]?.id).toBe(entry.ruleId)
  })

  it('carries what GitHub code scanning ranks and tracks alerts by', () => {
    const log = JSON.parse(formatReport(result, 'sarif')) as { runs: Array<Record<string, any>> }
    const run = log.runs[0]!
    expect(run.automationDetails).toEqual({ id: 'opsmith/conform/' })
    expect(run.invocations).toEqual([{ executionSuccessful: true, properties: { profiles: ['base', 'ml'] } }])
    const rules = run.tool.driver.rules as Array<Record<string, any>>
    const pinned = rules.find((rule) => rule.id === 'dockerfile-base-pinned')!
    expect(pinned.properties['security-severity']).toMatch(/^\d\.\d$/)
    expect(pinned.properties.tags).toContain('security')
    expect(pinned.help.markdown).toMatch(/\*\*Why:\*\* A tag can be moved/)
    expect(pinned.help.markdown).toMatch(/\*\*Fix:\*\* `FROM python:3.12-slim@sha256:<digest>`/)
    expect(pinned.help.text).not.toBe(pinned.shortDescription.text)
    // The rule's examples, fenced in their language.
    expect(pinned.help.markdown).toContain('Fails:\n\n```dockerfile\nFROM python:3.12-slim\n```\n\nPasses:\n\n```dockerfile\nFROM python:3.12-slim@sha256:<digest>\n```')
    for (const rule of rules) expect(rule.help.markdown, rule.id).toContain('Passes:')
    const pipefail = rules.find((rule) => rule.id === 'dockerfile-pipefail')!
    expect(pipefail.properties['security-severity']).toBeUndefined()
    for (const entry of run.results as Array<Record<string, any>>) expect(entry.partialFingerprints['opsmithFindingHash/v1']).toMatch(/^[a-f0-9]{32}:\d+$/)
    const missing = (run.results as Array<Record<string, any>>).find((entry) => entry.ruleId === 'workflow-required-jobs')!
    expect(missing.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: '.github/workflows/ci.yml', uriBaseId: '%SRCROOT%' } })
  })
})

describe('CI formats', () => {
  it('github: one workflow-command annotation per finding, escaped', () => {
    const lines = formatReport(result, 'github').trim().split('\n')
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=Dockerfile,line=2,col=1,endLine=2,endColumn=10,title=opsmith dockerfile-non-root-user::`USER root` runs the container as root/))
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=\.github\/workflows\/ci\.yml,title=opsmith workflow-required-jobs::/))
    expect(lines.at(-1)).toBe('8 problems (8 errors, 0 warnings, 1 waived; 4 rules on 4 files).')
  })

  it('markdown: a job summary with the verdict and a table of findings', () => {
    const markdown = formatReport(result, 'markdown')
    expect(markdown).toMatch(/^## opsmith conform\n\n:x: 8 problems/)
    expect(markdown).toContain('| error | [dockerfile-non-root-user](https://github.com/opsmith/opsmith#dockerfile-non-root-user) | `Dockerfile:2` |')
    expect(markdown).toContain('<details><summary>Suppressed and waived</summary>')
  })

  it('gitlab: a Code Quality report with unique, stable fingerprints', () => {
    const issues = JSON.parse(formatReport(result, 'gitlab')) as Array<Record<string, any>>
    expect(issues).toHaveLength(8)
    const root = issues.find((issue) => issue.check_name === 'dockerfile-non-root-user')!
    expect(root).toMatchObject({ type: 'issue', severity: 'major', categories: ['Security'], location: { path: 'Dockerfile', lines: { begin: 2 } } })
    expect(root.fingerprint).toMatch(/^[a-f0-9]{32}$/)
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length)
    expect(JSON.parse(formatReport(result, 'gitlab'))).toEqual(issues)
  })

  it('text: colours only when asked, errors only with quiet', () => {
    expect(formatReport(result, 'text')).not.toContain('\u001b[')
    expect(formatReport(result, 'text', { color: true })).toContain('\u001b[31merror  \u001b[0m')
  })
})

// A file name is the repository's to choose: a newline, a backtick or a pipe in it must not forge a line of the text
// report, close a Markdown code span or split a table row.
describe('hostile file names in the text and Markdown reports', () => {
  it.each([
    ['a newline', 'x\n  1:1  error    forged  rule.Dockerfile', '"x\\n  1:1  error    forged  rule.Dockerfile"'],
    ['a backtick and a pipe', 'a`b|c.Dockerfile', 'a`b|c.Dockerfile'],
    ['a quote', 'say "hi".Dockerfile', '"say \\"hi\\".Dockerfile"'],
  ])('%s', async (_name, file, shown) => {
    const dir = await testdir({ [file]: 'FROM python:3.12\n' })
    const hostile = await runConform({ dir, rules: ['dockerfile-non-root-user'] })
    const text = formatReport(hostile, 'text')
    expect(text.split('\n')[0]).toBe(shown)
    expect(text.split('\n').filter((line) => line.includes('forged'))).toEqual(file.includes('\n') ? [shown] : [])
    const rows = formatReport(hostile, 'markdown').split('\n').filter((line) => line.startsWith('| error'))
    expect(rows).toHaveLength(1)
    // The where cell: one code span (doubled backticks around a backtick), pipes escaped.
    const where = (rows[0] as string).split(/(?<!\\)\|/)[3]?.trim()
    expect(where).toBe(file.includes('`') ? `\`\` ${shown.replace(/\|/g, '\\|')}:1 \`\`` : `\`${shown.replace(/\|/g, '\\|')}:1\``)
  })
})

// A repository is the attacker's to shape: ESC sequences (OSC 52 writes the reader's clipboard, others retitle or clear
// the terminal), C1 controls and bidi overrides in a folder name reach the messages that quote it, and a reason in an
// inline comment is printed as it is. No human-facing format may pass one through.
describe('control characters from the repository in the human-facing reports', () => {
  const OSC52 = '\u001b]52;c;ZWNobyBwd25lZA==\u0007'
  const unprintable = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

  it.each(['text', 'github', 'markdown'] as const)('%s', async (format) => {
    const folder = `svc${OSC52}\u009b2J\u202egnp`
    const dir = await testdir({ [`${folder}/.env`]: 'A=1\n', 'Dockerfile': `# opsmith-ignore dockerfile-non-root-user: runs as root ${OSC52}\nFROM python:3.12\n` }, { git: true })
    const result = await runConform({ dir, rules: ['secrets-env-ignored', 'dockerfile-non-root-user'] })
    expect(result.findings.map((finding) => finding.message).join('')).toContain(OSC52)
    const report = formatReport(result, format)
    expect(report).not.toMatch(unprintable)
    expect(report).toContain('svc\\u001b]52;c;ZWNobyBwd25lZA==\\u0007\\u009b2J\\u202egnp')
    if (format !== 'markdown') expect(report).toContain('runs as root \\u001b]52;')
  })
})

// SARIF locations are URIs relative to the checkout: a name must not turn into a fragment, a query or a scheme.
describe('hostile file names in the SARIF report', () => {
  it.each([
    ['sp ace/#x?y/Dockerfile', 'sp%20ace/%23x%3Fy/Dockerfile'],
    ['a:b/Dockerfile', 'a%3Ab/Dockerfile'],
    ['50%/caf\u00e9.Dockerfile', '50%25/caf%C3%A9.Dockerfile'],
  ])('%j is %s', async (file, uri) => {
    const sarif = JSON.parse(formatReport(await runConform({ dir: await testdir({ [file]: 'FROM python:3.12\n' }), rules: ['dockerfile-non-root-user'] }), 'sarif'))
    const location = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation
    expect(location).toEqual({ uri, uriBaseId: '%SRCROOT%' })
    expect(new URL(location.uri, 'file:///src/').pathname).toBe(`/src/${uri}`)
    expect(decodeURIComponent(location.uri)).toBe(file)
  })
})
