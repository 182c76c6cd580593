import { readdir, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { RULES } from '../../src/conform/rules/index.js'
import { docsUrl, ENGINE_FINDING_IDS } from '../../src/conform/rule.js'

const ROOT = new URL('../../', import.meta.url)
const ids = RULES.map((rule) => rule.id)

async function basenames(dir: string, suffix: string): Promise<string[]> {
  return (await readdir(new URL(dir, ROOT))).filter((file) => file.endsWith(suffix)).map((file) => file.slice(0, -suffix.length)).sort()
}

// typescript-eslint's docs.test: registry, files, docs and tests must agree.
describe('rule registry', () => {
  it('is sorted, unique and kebab-case', () => {
    expect(ids).toEqual([...new Set(ids)].sort())
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })

  it('has one file per rule, named after its id', async () => {
    expect((await basenames('src/conform/rules/', '.ts')).filter((name) => name !== 'index')).toEqual(ids)
  })

  it('has one table test per rule', async () => {
    expect(await basenames('test/conform/rules/', '.test.ts')).toEqual(ids)
  })

  it('has a README heading per rule and engine finding, each the target of the docs link', async () => {
    const readme = await readFile(new URL('README.md', ROOT), 'utf8')
    const section = readme.slice(readme.indexOf('<!-- section:conform:start -->'), readme.indexOf('<!-- section:conform:end -->'))
    const headings = [...section.matchAll(/^### ([a-z0-9-]+)$/gm)].map((match) => match[1]).sort()
    expect(headings).toEqual([...ids, ...ENGINE_FINDING_IDS].sort())
    for (const id of ids) expect(docsUrl(id)).toMatch(new RegExp(`#${id}$`))
  })

  it('gives every rule a description, a severity and refs', () => {
    for (const rule of RULES) {
      expect(rule.description.length, rule.id).toBeGreaterThan(10)
      expect(['error', 'warning']).toContain(rule.severity)
      expect(Array.isArray(rule.refs)).toBe(true)
    }
  })
})
