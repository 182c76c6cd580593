import { describe, expect, it } from 'vitest'
import rule from '../../../src/conform/rules/manifest-present.js'
import { runConform } from '../../../src/conform/index.js'
import { ruleTester, testdir } from '../helpers.js'

ruleTester(rule, {
  valid: [{ name: 'present', files: { '.opsmith.json': '{}' } }],
  // A missing file is named without a region (the engine drops the line of a file that does not exist).
  invalid: [{ name: 'absent', files: { 'a.py': '' }, errors: [{ file: '.opsmith.json', line: 1 }] }],
})

describe('manifest-present advice', () => {
  // A hand-written conform-only record would be taken for a generated project by `opsmith update`: advise init.
  it('says to run `opsmith init`, never to write the file by hand', async () => {
    const result = await runConform({ dir: await testdir({ 'a.py': '' }), rules: ['manifest-present'] })
    const [finding] = result.findings
    expect(finding).toMatchObject({ rule: 'manifest-present', file: '.opsmith.json' })
    expect(finding?.line).toBeUndefined()
    expect(finding?.message).toContain('`opsmith init`')
    expect(finding?.message).not.toMatch(/"conform"/)
    expect(rule.docs?.fix).toContain('`opsmith init`')
    expect(rule.docs?.fix).not.toMatch(/\{ "conform"/)
  })
})
