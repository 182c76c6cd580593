import { createHash } from 'node:crypto'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateProject } from '../../src/generate/index.js'
import { testdir } from '../helpers/testdir.js'

const PINNED = `registry.example/opsmith/python@sha256:${'0'.repeat(64)}`

// The built-in packs' generated trees, as a hash per file, for a few answer sets: moving files between packs
// (python-ml and python-llm over python-base) must not change a byte of what a user gets.
const ANSWER_SETS: Array<{ template: string; set: Record<string, string> }> = [
  { template: 'python-ml', set: {} },
  { template: 'python-ml', set: { serving: 'false', license: 'MIT', modelName: 'ranker' } },
  { template: 'python-ml', set: { license: 'proprietary', owner: 'risk team' } },
  { template: 'python-llm', set: {} },
  { template: 'python-llm', set: { serving: 'false', provider: 'offline', license: 'MIT' } },
  { template: 'python-llm', set: { license: 'proprietary', assistantName: 'helper', apiKeySecret: 'LLM_KEY' } },
]

async function hashTree(dir: string): Promise<Record<string, string>> {
  const entries = await fsp.readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.startsWith('.git/'))
    .sort()
  const hashes: Record<string, string> = {}
  for (const file of files) {
    let content = await fsp.readFile(path.join(dir, file))
    // .opsmith.json records the packs (and their layers) that made the project: compare what it says of the project.
    if (file === '.opsmith.json') {
      const { answers, files: recorded } = JSON.parse(content.toString('utf8')) as { answers: unknown; files: unknown }
      content = Buffer.from(JSON.stringify({ answers, files: recorded }))
    }
    hashes[file] = createHash('sha256').update(content).digest('hex').slice(0, 16)
  }
  return hashes
}

describe('built-in generated trees', () => {
  for (const [index, { template, set }] of ANSWER_SETS.entries()) {
    it(`${template} with ${JSON.stringify(set)} is byte-identical`, async () => {
      const cwd = await testdir()
      await generateProject({ cwd, targetDir: `project-${index}`, template, useDefaults: true, git: false, set, flags: { baseImage: PINNED, devImage: PINNED } })
      expect(await hashTree(path.join(cwd, `project-${index}`))).toMatchSnapshot()
    })
  }
})
