import { describe, expect, it } from 'vitest'
import { detectCi } from '../../../src/conform/parse/gitlab-ci.js'
import { Repo } from '../../../src/conform/repo.js'
import { testdir, type Tree } from '../helpers.js'

const WORKFLOW = { '.github/workflows/ci.yml': 'on: push\njobs: {}\n' }
const GITLAB = { '.gitlab-ci.yml': 'test:\n  script: [make test]\n' }

describe('detectCi', () => {
  it.each<[string, Tree, unknown, string]>([
    ['GitHub workflows only', WORKFLOW, undefined, 'github'],
    ['.gitlab-ci.yml only', GITLAB, undefined, 'gitlab'],
    ['both', { ...WORKFLOW, ...GITLAB }, undefined, 'both'],
    ['files win over the answer', WORKFLOW, 'gitlab', 'github'],
    ['no CI file: the record answers gitlab', {}, 'gitlab', 'gitlab'],
    ['no CI file: the record answers both', {}, 'both', 'both'],
    ['no CI file and no usable answer', {}, 'jenkins', 'none'],
  ])('%s', async (_name, files, answer, expected) => {
    expect(detectCi(await Repo.open(await testdir({ 'README.md': '', ...files })), answer)).toBe(expected)
  })
})
