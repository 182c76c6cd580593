import { rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import rule from '../../../src/conform/rules/llm-prompts-released-unchanged.js'
import { checkRule, testdir } from '../helpers.js'
import { llmProject, promptFile } from '../llm-fixtures.js'

const RELEASED = 'prompts/answer/1.0.0.md'
const git = (dir: string, ...args: string[]) => execa('git', ['-c', 'user.email=t@e.st', '-c', 'user.name=t', ...args], { cwd: dir })

// Tags need a real history, so these cases build it step by step instead of one table tree.
async function releasedRepo(tag = 'prompts/answer@v1.0.0') {
  const dir = await testdir(llmProject({ 'prompts/answer/1.1.0.md': promptFile('answer', '1.1.0') }), { git: true })
  await git(dir, 'tag', tag)
  return dir
}

describe(rule.id, () => {
  it('valid: released version untouched, unreleased version edited', async () => {
    const dir = await releasedRepo()
    await writeFile(path.join(dir, 'prompts/answer/1.1.0.md'), promptFile('answer', '1.1.0', { body: 'Answer {question} briefly from {context}.\n' }))
    expect(await checkRule(rule, dir)).toEqual([])
  })

  it('valid: not a git repository, or not an LLM project', async () => {
    expect(await checkRule(rule, await testdir(llmProject()))).toEqual([])
    const plain = await testdir({ 'README.md': '# x\n' }, { git: true })
    await git(plain, 'tag', 'prompts/answer@v1.0.0')
    expect(await checkRule(rule, plain)).toEqual([])
  })

  it('invalid: a released prompt edited in the worktree names the first changed line', async () => {
    const dir = await releasedRepo()
    await writeFile(path.join(dir, RELEASED), promptFile('answer', '1.0.0', { body: 'Answer {question} using only:\n\n{context}\nBe brief.\n' }))
    expect(await checkRule(rule, dir)).toEqual([{ file: RELEASED, line: 14 }])
  })

  it('invalid: a committed change to a released prompt', async () => {
    const dir = await releasedRepo()
    await writeFile(path.join(dir, RELEASED), promptFile('answer', '1.0.0', { variables: ['question', 'context', 'tone'] }))
    await git(dir, 'commit', '-qam', 'add tone')
    expect(await checkRule(rule, dir)).toEqual([{ file: RELEASED, line: 10 }])
  })

  it('invalid: a released prompt deleted, and a tag that does not hold its version', async () => {
    const dir = await releasedRepo()
    await git(dir, 'tag', 'prompts/answer@v2.0.0')
    await rm(path.join(dir, RELEASED))
    expect(await checkRule(rule, dir)).toEqual([{ file: RELEASED, line: 1 }, { file: 'prompts/answer/2.0.0.md', line: 1 }])
  })
})
