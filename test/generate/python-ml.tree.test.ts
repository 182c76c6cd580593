import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateProject } from '../../src/generate/index.js'
import { readTree, testdir } from '../helpers/testdir.js'

const PINNED = `registry.example/opsmith/python@sha256:${'0'.repeat(64)}`

// projen's synthSnapshot: the whole generated tree as { path: content }, JSON parsed, volatile values replaced,
// so a template change shows up as a reviewable snapshot diff.
function normalise(tree: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(tree).map(([file, content]) => {
      if (file === '.opsmith.json') {
        const manifest = JSON.parse(content) as { opsmith: string; template: { version: string; extends?: Array<{ version: string }> }; files: Record<string, string> }
        const layers = manifest.template.extends?.map((layer) => ({ ...layer, version: '<version>' }))
        return [file, { ...manifest, opsmith: '<version>', template: { ...manifest.template, version: '<version>', ...(layers ? { extends: layers } : {}) }, files: Object.keys(manifest.files) }]
      }
      const text = content.replaceAll(/create-opsmith@\d+\.\d+\.\d+/g, 'create-opsmith@<version>')
      return [file, file.endsWith('.json') && !file.includes('devcontainer') ? JSON.parse(text) : text]
    }),
  )
}

describe('python-ml project tree', () => {
  it('generates the expected files, and the expected content', async () => {
    const cwd = await testdir()
    await generateProject({ cwd, targetDir: 'churn-model', useDefaults: true, git: false })
    const tree = await readTree(path.join(cwd, 'churn-model'))
    expect(Object.keys(tree)).toMatchSnapshot('file list')
    expect(normalise(tree)).toMatchSnapshot('content')
  })

  it('leaves serving code out when serving is false', async () => {
    const cwd = await testdir()
    await generateProject({ cwd, targetDir: 'batch', useDefaults: true, git: false, set: { serving: 'false' }, flags: { baseImage: PINNED, devImage: PINNED } })
    const files = Object.keys(await readTree(path.join(cwd, 'batch')))
    expect(files.filter((file) => /serve/.test(file))).toEqual([])
    expect(files).toContain('src/batch/train.py')
  })
})
