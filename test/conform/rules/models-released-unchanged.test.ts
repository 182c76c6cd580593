import { appendFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import rule from '../../../src/conform/rules/models-released-unchanged.js'
import { checkRule, testdir } from '../helpers.js'
import { modelVersion } from '../model-fixtures.js'

// Tags need a real history, so these cases build it step by step instead of one table tree.
async function releasedRepo() {
  const dir = await testdir({ ...modelVersion('classifier', '0.1.0'), ...modelVersion('classifier', '0.2.0') }, { git: true })
  await execa('git', ['tag', 'classifier@v0.1.0'], { cwd: dir })
  return dir
}

describe(rule.id, () => {
  it('valid: released version untouched, unreleased version edited', async () => {
    const dir = await releasedRepo()
    await appendFile(path.join(dir, 'models/classifier/0.2.0/MODEL_CARD.md'), 'More notes.\n')
    expect(await checkRule(rule, dir)).toEqual([])
  })

  it('valid: not a git repository', async () => {
    expect(await checkRule(rule, await testdir(modelVersion('a', '1.0.0')))).toEqual([])
  })

  it('invalid: released record edited, a file added, another committed change', async () => {
    const dir = await releasedRepo()
    await writeFile(path.join(dir, 'models/classifier/0.1.0/model.json'), '{}\n')
    await writeFile(path.join(dir, 'models/classifier/0.1.0/extra.txt'), 'x\n')
    await appendFile(path.join(dir, 'models/classifier/0.1.0/reference_profile.json'), '\n')
    await execa('git', ['-c', 'user.email=t@e.st', '-c', 'user.name=t', 'commit', '-qam', 'edit profile'], { cwd: dir })
    expect(await checkRule(rule, dir)).toEqual([
      { file: 'models/classifier/0.1.0/extra.txt', line: 1 },
      { file: 'models/classifier/0.1.0/model.json', line: 1 },
      { file: 'models/classifier/0.1.0/reference_profile.json', line: 1 },
    ])
  })
})
