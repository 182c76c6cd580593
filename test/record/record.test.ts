import fsp from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseProjectRecord, readProjectRecord, recordedLayers, requireProjectRecord, writeProjectRecord, type ProjectRecord } from '../../src/record/index.js'
import { testdir } from '../helpers/testdir.js'

const good: ProjectRecord = { template: { id: 'python-ml', version: '0.1.0' }, opsmith: '0.1.0', answers: { projectName: 'x', serving: true }, files: { Dockerfile: 'a'.repeat(64) } }

describe('parseProjectRecord', () => {
  it.each([
    ['a record written before sources and layers', JSON.stringify(good)],
    ['a layered record', JSON.stringify({ ...good, template: { id: 'acme', version: '1.0.0', source: { type: 'local', spec: '/p' }, extends: [{ id: 'python-ml', version: '0.1.0', source: { type: 'builtin', spec: 'python-ml' } }] } })],
    ['unknown keys from a newer opsmith', JSON.stringify({ ...good, future: { x: 1 } })],
  ])('accepts %s', async (_name, text) => {
    const result = await parseProjectRecord(text)
    expect(result.errors).toEqual([])
    expect(result.record?.template.id).toBeDefined()
  })

  it.each([
    ['{', ['.opsmith.json is not valid JSON: ']],
    ['[]', ['(root): must be object']],
    ['{ "conform": {} }', ['template: expected an object { "id", "version" }']],
    [JSON.stringify({ ...good, template: { id: 'python-ml', version: 'one' }, answers: [], files: { Dockerfile: 'nope' } }), ['template.version: expected a SemVer version', 'answers: expected an object of answers (text, yes/no or number)', 'files.Dockerfile: expected a sha256 hex digest']],
    [JSON.stringify({ ...good, template: { id: 'acme', version: '1.0.0', extends: [{ id: 'python-ml' }] } }), ['template.extends[0].version: expected a SemVer version', 'template.extends[0].source: is missing']],
  ])('reports %s naming each path, without throwing', async (text, expected) => {
    const result = await parseProjectRecord(text)
    expect(result.record).toBeUndefined()
    expect(result.exists).toBe(true)
    expected.forEach((message, index) => expect(result.errors[index]).toContain(message))
    expect(result.errors).toHaveLength(expected.length)
  })
})

describe('readProjectRecord / writeProjectRecord', () => {
  it('round-trips, and reports a missing file as absent', async () => {
    const dir = await testdir()
    expect(await readProjectRecord(dir)).toEqual({ record: undefined, errors: [], exists: false })
    await writeProjectRecord(dir, good)
    expect(await fsp.readFile(path.join(dir, '.opsmith.json'), 'utf8')).toBe(`${JSON.stringify(good, null, 2)}\n`)
    expect((await readProjectRecord(dir)).record).toEqual(good)
    expect(recordedLayers(good)).toEqual([{ id: 'python-ml', version: '0.1.0', source: { type: 'builtin', spec: 'python-ml' } }])
  })

  it('requireProjectRecord: one-line errors for a missing or invalid record', async () => {
    const dir = await testdir({ '.opsmith.json': '{ "template": { "id": "x" } }' })
    await expect(requireProjectRecord(dir)).rejects.toMatchObject({ code: 'config', message: '.opsmith.json is invalid: template.version: expected a SemVer version' })
    await expect(requireProjectRecord(await testdir())).rejects.toMatchObject({ code: 'usage' })
  })
})
