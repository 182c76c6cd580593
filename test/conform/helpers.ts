import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { Repo } from '../../src/conform/repo.js'
import { createRuleContext, runConform } from '../../src/conform/engine.js'
import { loadPackContext } from '../../src/conform/pack-context.js'
import type { Rule } from '../../src/conform/rule.js'
import { readProjectRecord } from '../../src/record/index.js'

export type Tree = Record<string, string>

/** Writes a tree into a fresh temp dir (changesets' testdir); `git: true` makes it a committed repo. */
export async function testdir(files: Tree, options: { git?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'opsmith-conform-'))
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
    await writeFile(path.join(dir, file), content)
  }
  if (options.git) await commitAll(dir)
  return dir
}

export async function commitAll(dir: string, message = 'test'): Promise<void> {
  const git = (args: string[]) => execa('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir })
  await git(['init', '-q', '-b', 'main'])
  await git(['add', '-A'])
  await git(['commit', '-q', '--allow-empty', '-m', message])
}

/** Runs one rule directly and returns `{ file, line }` of each finding (and `column` / `message` where `withColumns` / `withMessages` say). */
export async function checkRule(rule: Rule, dir: string, options: Record<string, unknown> = {}, withColumns: boolean[] = [], withMessages: boolean[] = []) {
  const repo = await Repo.open(dir)
  const project = await readProjectRecord(dir)
  const findings = await rule.check({ ...createRuleContext(repo, project, await loadPackContext(project.record)), options })
  return findings.map(({ file, line, column, message }, index) => ({ file, line, ...(withColumns[index] ? { column } : {}), ...(withMessages[index] ? { message } : {}) }))
}

/** Every file of a directory except .git, as `{ path: content }`. */
export async function readTree(dir: string): Promise<Tree> {
  const tree: Tree = {}
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const file = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
    if (file.startsWith('.git/')) continue
    tree[file] = await readFile(path.join(dir, file), 'utf8')
  }
  return tree
}

export interface RuleCase {
  name: string
  files: Tree
  options?: Record<string, unknown>
  git?: boolean
}

export interface InvalidCase extends RuleCase {
  /** `line` undefined: a finding about the file with no region; `column` and `message` (a pattern) are compared where given. */
  errors: Array<{ file: string; line: number | undefined; column?: number; message?: RegExp }>
  /** Files after `--fix` (only the ones listed are compared). */
  output?: Tree
  /** The finding offers no fix: after `--fix` the files are `output` and the findings still `errors`. */
  unfixed?: true
}

/** ESLint RuleTester in miniature: valid trees give no findings, invalid ones exactly `errors`. */
export function ruleTester(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  describe(rule.id, () => {
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, async () => {
        const dir = await testdir(testCase.files, { git: testCase.git })
        expect(await checkRule(rule, dir, testCase.options)).toEqual([])
      })
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, async () => {
        const dir = await testdir(testCase.files, { git: testCase.git })
        const withColumns = testCase.errors.map((error) => error.column !== undefined)
        const withMessages = testCase.errors.map((error) => error.message !== undefined)
        const expected = testCase.errors.map(({ message, ...error }) => (message ? { ...error, message: expect.stringMatching(message) } : error))
        expect(await checkRule(rule, dir, testCase.options, withColumns, withMessages)).toEqual(expected)
        if (testCase.output) {
          await runConform({ dir, rules: [rule.id], fix: true })
          const after = await readTree(dir)
          for (const [file, content] of Object.entries(testCase.output)) expect(after[file]).toBe(content)
          expect(await checkRule(rule, dir, testCase.options)).toEqual(testCase.unfixed ? testCase.errors.map(({ file, line }) => ({ file, line })) : [])
        }
      })
    }
  })
}

export const DIGEST = `sha256:${'a'.repeat(64)}`
export const SHA = 'b'.repeat(40)
