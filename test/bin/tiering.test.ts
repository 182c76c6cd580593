import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { testdir } from '../conform/helpers.js'

// src/tiering.ts raises V8's interrupt budget for a short conform run. Node takes the compiled code it ships for
// its own modules only under the flags it was built with, so every Node module the run needs is loaded before
// the change. A probe loaded ahead of the bin (`node -r`) lists the modules loaded while the budget is raised.
const BIN = fileURLToPath(new URL('../../dist/bin/opsmith.js', import.meta.url))
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-tiering-'))
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }))
const PROBE = path.join(temp, 'probe.cjs')
fs.writeFileSync(
  PROBE,
  `const v8 = require('node:v8')
const set = v8.setFlagsFromString
let from
let raised = false
const late = []
v8.setFlagsFromString = (flags) => {
  if (flags.startsWith('--interrupt-budget=540672') && from === undefined) {
    raised = true
    from = process.moduleLoadList.length
  }
  else if (flags.startsWith('--interrupt-budget=67584') && from !== undefined) { late.push(...process.moduleLoadList.slice(from)); from = undefined }
  return set.call(v8, flags)
}
process.on('exit', () => {
  if (from !== undefined) late.push(...process.moduleLoadList.slice(from))
  require('node:fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify({ raised, late: late.filter((entry) => entry.startsWith('NativeModule ')) }))
})
`,
)

const tuned = /^11\.3\./.test(process.versions.v8)

describe.skipIf(!tuned)('a short conform run and the modules Node ships compiled', () => {
  let run = 0
  const probe = async (cwd: string, args: string[]) => {
    const out = path.join(temp, `probe-${run++}.json`)
    const result = await execa('node', ['-r', PROBE, BIN, 'conform', ...args], { cwd, reject: false, env: { PROBE_OUT: out, TMPDIR: temp } })
    expect(result.exitCode, result.stderr).toBeLessThan(2)
    const seen = JSON.parse(fs.readFileSync(out, 'utf8')) as { raised: boolean; late: string[] }
    // The probe saw the budget raised: the check below is not vacuous.
    expect(seen.raised).toBe(true)
    return seen
  }

  it.each([[['--format', 'text']], [['--format', 'json']], [['-f', 'sarif', '-o', 'report.sarif']], [['-f', 'github']], [['-f', 'markdown']], [['--update-baseline']]])(
    'loads none while the budget is raised (%j, findings to report)',
    async (args) => {
      const dir = await testdir({
        Dockerfile: 'FROM python:3.12\nRUN curl -fsSL https://example.org/x.sh | sh\n',
        '.github/workflows/ci.yml': 'on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
        '.env': 'OPENAI_API_KEY=x\n',
      })
      expect((await probe(dir, args)).late).toEqual([])
    },
  )

  it('loads none on a repository of many files either (the scan restores the budget before its threads start)', async () => {
    const dir = await testdir(Object.fromEntries(Array.from({ length: 2_100 }, (_, index) => [`src/file${index}.py`, `print(${index})\n`])))
    expect((await probe(dir, [])).late).toEqual([])
  })
})
