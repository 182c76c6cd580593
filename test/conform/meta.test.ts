import { readdir, readFile, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { RULES } from '../../src/conform/rules/index.js'
import { docsUrl, ENGINE_FINDING_IDS, ENGINE_FINDINGS } from '../../src/conform/rule.js'
import { formatRulesTable, TABLE_END, TABLE_START } from './rules-table.js'

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

  // The README keeps one row per rule; why/fix/examples live in the rule (SARIF help). OPSMITH_UPDATE_README=1 rewrites it.
  it('has a README table row per rule and engine finding, generated from the metadata, each the target of the docs link', async () => {
    const url = new URL('README.md', ROOT)
    const readme = await readFile(url, 'utf8')
    const start = readme.indexOf(TABLE_START)
    const end = readme.indexOf(TABLE_END)
    expect(start, 'README has the rules table markers').toBeGreaterThan(0)
    const current = readme.slice(start, end + TABLE_END.length)
    if (process.env.OPSMITH_UPDATE_README === '1') await writeFile(url, readme.replace(current, formatRulesTable()))
    else expect(current, 'README rules table is stale: run OPSMITH_UPDATE_README=1 npx vitest run --config test/vitest.config.ts test/conform/meta.test.ts').toBe(formatRulesTable())
    const anchors = [...current.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((match) => match[1]).sort()
    expect(anchors).toEqual([...ids, ...ENGINE_FINDING_IDS].sort())
    for (const id of ids) expect(docsUrl(id)).toMatch(new RegExp(`#${id}$`))
  })

  // SARIF's help.markdown shows them: a failing and a passing snippet for every rule and engine finding.
  it('gives every rule and engine finding examples (bad and good)', () => {
    const docs = [...RULES.map((rule) => [rule.id, rule.docs] as const), ...ENGINE_FINDING_IDS.map((id) => [id, ENGINE_FINDINGS[id].docs] as const)]
    for (const [id, doc] of docs) {
      expect(doc?.examples?.bad.trim().length, id).toBeGreaterThan(5)
      expect(doc?.examples?.good.trim().length, id).toBeGreaterThan(5)
      expect(doc?.examples?.good, id).not.toBe(doc?.examples?.bad)
    }
  })

  it('gives every rule a description, a severity, refs, a profile and docs (why, fix)', () => {
    for (const rule of RULES) {
      expect(rule.description.length, rule.id).toBeGreaterThan(10)
      expect(['base', 'ml', 'llm'], rule.id).toContain(rule.profile)
      expect(rule.docs?.why.length, rule.id).toBeGreaterThan(20)
      expect(rule.docs?.fix.length, rule.id).toBeGreaterThan(10)
      if (rule.securitySeverity !== undefined) expect(rule.securitySeverity).toBeGreaterThan(0)
      expect(['error', 'warning']).toContain(rule.severity)
      expect(Array.isArray(rule.refs)).toBe(true)
    }
  })
})
