import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { createFleetDocument, errorRepository, type FleetRepository } from '../../src/fleet/document.js'
import { renderDashboard, renderMarkdownSummary } from '../../src/fleet/dashboard.js'
import { testdir } from '../helpers/testdir.js'

// Debian's chromium, headless, with nothing that reaches the network.
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

async function chromium(dir: string, args: string[]) {
  const profile = await fsp.mkdtemp(path.join(dir, 'profile-'))
  return execa('chromium', [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, ...args], { timeout: 60_000 })
}

function repository(name: string, overrides: Partial<FleetRepository>): FleetRepository {
  return { ...errorRepository(name, '', 100), status: 'ok', error: undefined, ...overrides }
}

const fleet = createFleetDocument([
  repository('acme/api', { packs: [{ id: 'python-base', version: '1.0.0' }, { id: 'python-ml', version: '1.0.0' }], profiles: ['base', 'ml'] }),
  repository('acme/churn', {
    status: 'failing',
    packs: [{ id: 'python-ml', version: '0.9.0' }],
    behind: '1.0.0',
    counts: { error: 3, warning: 1, waived: 0, suppressed: 2 },
    rules: { 'workflow-actions-pinned': 2, 'dockerfile-base-pinned': 1, 'manifest-template-version': 1 },
    findings: [{ rule: 'workflow-actions-pinned', severity: 'error', file: '.github/workflows/ci.yml', line: 12, message: 'Pin <b>actions/checkout</b> to a commit SHA.' }],
  }),
  repository('acme/<script>alert(1)</script>', { status: 'failing', counts: { error: 1, warning: 0, waived: 0, suppressed: 0 }, rules: { 'dockerfile-base-pinned': 1 } }),
  errorRepository('acme/broken', '.opsmith.json: invalid JSON at line 1.', 20),
])

describe('the fleet dashboard in headless chromium', () => {
  it('renders every section with the right counts, escapes names, and is not blank', async () => {
    const dir = await testdir()
    const file = path.join(dir, 'fleet.html')
    await fsp.writeFile(file, renderDashboard(fleet))
    const { stdout: dom } = await chromium(dir, ['--dump-dom', `file://${file}`])
    for (const id of ['summary', 'adoption', 'rules', 'repositories', 'details']) expect(dom).toContain(`<section id="${id}">`)
    const tiles = [...dom.matchAll(/<div class="n">(\d+)/g)].map((match) => Number(match[1]))
    expect(tiles).toEqual([4, 1, 2, 1, 4, 1]) // repositories, conform, failing, could not be checked, errors, warnings
    expect(dom.match(/<tr class="(ok|failing|error)">/g)).toHaveLength(4)
    expect(dom).toContain('1 repository is behind the newest version of its pack.')
    // Rules failing most: dockerfile-base-pinned fails in two repositories, first.
    expect(dom.indexOf('>dockerfile-base-pinned<')).toBeLessThan(dom.indexOf('>workflow-actions-pinned<'))
    expect(dom).toContain('python-base@1.0.0 › python-ml@1.0.0')
    expect(dom).not.toContain('<script>alert(1)')
    expect(dom).toContain('Pin &lt;b&gt;actions/checkout&lt;/b&gt;')

    const png = path.join(dir, 'fleet.png')
    await chromium(dir, ['--window-size=1200,1600', `--screenshot=${png}`, `file://${file}`])
    const blankHtml = path.join(dir, 'blank.html')
    await fsp.writeFile(blankHtml, '<!doctype html><title>x</title>')
    const blankPng = path.join(dir, 'blank.png')
    await chromium(dir, ['--window-size=1200,1600', `--screenshot=${blankPng}`, `file://${blankHtml}`])
    const [shot, blank] = await Promise.all([fsp.readFile(png), fsp.readFile(blankPng)])
    expect(shot.subarray(1, 4).toString()).toBe('PNG')
    // A page of text and bars compresses far worse than an empty one.
    expect(shot.length).toBeGreaterThan(blank.length * 5)
  })
})

describe('the fleet dashboard', () => {
  it('links each row to its own details, whatever the names', () => {
    const names = ['acme/a.b', 'acme/a_b', 'acme/a-b', 'acme/a b', 'acme/a__2e_b', 'acme/caf\u00e9']
    const html = renderDashboard(createFleetDocument(names.map((name) => repository(name, { status: 'failing', counts: { error: 1, warning: 0, waived: 0, suppressed: 0 } }))))
    const links = [...html.matchAll(/<a href="#([^"]+)">/g)].map((match) => match[1])
    const ids = [...html.matchAll(/<details id="([^"]+)">/g)].map((match) => match[1])
    expect(new Set(links).size).toBe(names.length)
    expect(ids.sort()).toEqual([...links].sort())
    expect(links).toContain('repo-acme_2f_a_2e_b')
  })
})

// A repository's name comes from a folder or a list file: a pipe or a line break in it cannot split the table.
describe('the fleet Markdown summary', () => {
  it('keeps one row per repository whatever its name holds', () => {
    const hostile = createFleetDocument([repository('acme/a|b\n| forged | row |', { status: 'failing', counts: { error: 1, warning: 0, waived: 0, suppressed: 0 } }), repository('acme/ok', {})])
    const rows = renderMarkdownSummary(hostile).split('\n').filter((line) => line.startsWith('| acme/') || line.includes('forged'))
    expect(rows).toEqual(['| acme/a\\|b \\| forged \\| row \\| | failing | 1 | 0 |'])
  })
})
