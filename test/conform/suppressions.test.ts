import { describe, expect, it } from 'vitest'
import { runConform } from '../../src/conform/engine.js'
import { formatReport } from '../../src/conform/report/index.js'
import { testdir } from './helpers.js'

const TODAY = '2026-12-01'

describe('inline opsmith-ignore comments', () => {
  it('suppress a finding on the line or the line above, in any comment syntax, with the reason reported', async () => {
    const dir = await testdir({
      Dockerfile: 'FROM a:1@sha256:' + 'f'.repeat(64) + '\n# opsmith-ignore dockerfile-copy-not-add: the vendor tarball is verified by the next RUN\nADD vendor.tgz /opt/\nUSER 65532\n',
      'legacy/Dockerfile': 'FROM b:1@sha256:' + 'f'.repeat(64) + '\n# opsmith-ignore dockerfile-non-root-user until 2027-01-31: legacy image, replaced in January\nUSER root\n',
      'config/app.yml': 'port: 80\n',
    })
    const result = await runConform({ dir, rules: ['dockerfile-copy-not-add', 'dockerfile-non-root-user'], today: TODAY })
    expect(result.findings).toEqual([])
    expect(result.suppressed?.map(({ rule, file, suppression }) => ({ rule, file, suppression }))).toEqual([
      { rule: 'dockerfile-copy-not-add', file: 'Dockerfile', suppression: { kind: 'inline', reason: 'the vendor tarball is verified by the next RUN', file: 'Dockerfile', line: 2 } },
      { rule: 'dockerfile-non-root-user', file: 'legacy/Dockerfile', suppression: { kind: 'inline', reason: 'legacy image, replaced in January', expires: '2027-01-31', file: 'legacy/Dockerfile', line: 2 } },
    ])
    expect(result.summary.suppressed).toBe(2)
    expect(formatReport(result, 'text')).toContain('Suppressed by opsmith-ignore comments:\n  Dockerfile:3  dockerfile-copy-not-add: the vendor tarball is verified by the next RUN')
    expect(formatReport(result, 'markdown')).toContain('legacy image, replaced in January')
    const json = JSON.parse(formatReport(result, 'json')) as { suppressed: Array<{ suppression: { reason: string } }> }
    expect(json.suppressed).toHaveLength(2)
    const sarif = JSON.parse(formatReport(result, 'sarif')) as { runs: Array<{ results: Array<{ suppressions: unknown[] }> }> }
    expect(sarif.runs[0]!.results[1]!.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'legacy image, replaced in January (until 2027-01-31)' }])
  })

  it.each([
    ['without a reason', '# opsmith-ignore dockerfile-copy-not-add', /gives no reason/],
    ['with an empty reason', '// opsmith-ignore dockerfile-copy-not-add:   ', /gives no reason/],
    ['naming an unknown rule', '<!-- opsmith-ignore copy-not-add: vendored -->', /unknown rule `copy-not-add`/],
    ['expired', '# opsmith-ignore dockerfile-copy-not-add until 2026-11-30: vendored', /expired on 2026-11-30/],
    ['with a bad date', '# opsmith-ignore dockerfile-copy-not-add until soon: vendored', /not a date/],
  ])('suppress nothing and are reported when %s', async (_name, comment, message) => {
    const dir = await testdir({ Dockerfile: `FROM a:1\n${comment}\nADD x.tgz /opt/\n` })
    const result = await runConform({ dir, rules: ['dockerfile-copy-not-add'], today: TODAY })
    expect(result.findings.map(({ rule, line }) => ({ rule, line }))).toEqual([
      { rule: 'suppression-invalid', line: 2 },
      { rule: 'dockerfile-copy-not-add', line: 3 },
    ])
    expect(result.findings[0]!.message).toMatch(message)
  })

  it('work at the end of the line in YAML', async () => {
    const workflow = 'on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4 # opsmith-ignore workflow-actions-pinned: internal mirror pins it\n'
    const dir = await testdir({ '.github/workflows/ci.yml': workflow })
    const result = await runConform({ dir, rules: ['workflow-actions-pinned'], today: TODAY })
    expect(result.findings).toEqual([])
    expect(result.suppressed?.[0]?.suppression).toMatchObject({ reason: 'internal mirror pins it', line: 7 })
  })

  it('do not suppress another rule', async () => {
    const dir = await testdir({ Dockerfile: 'FROM a:1\nADD x.tgz /opt/ # opsmith-ignore dockerfile-no-sudo: unrelated\n' })
    const result = await runConform({ dir, rules: ['dockerfile-copy-not-add'], today: TODAY })
    expect(result.findings.map((finding) => finding.rule)).toEqual(['dockerfile-copy-not-add'])
  })
})
