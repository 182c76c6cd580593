import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { generateProject } from '../../src/generate/index.js'
import { decodePng } from '../helpers/png.js'
import { testdir } from '../helpers/testdir.js'
import { PYTHON, canRun, requireTools } from './quality-checks.js'

// `make drift` writes a self-contained HTML report; a real browser must show it offline, with one
// chart per feature and the status colours.
const CHROMIUM = 'chromium'
const hasTools = canRun(PYTHON, ['-c', 'import numpy, sklearn, yaml']) && canRun(CHROMIUM, ['--version'])
const DRIFT_RED = [0xc6, 0x28, 0x28]

// A current window from the profile itself, a third of the columns shifted, 30% of one column missing.
const WRITE_CURRENT = `
import csv, json, sys
from pathlib import Path
from drifty.monitor import load_current_data
profile = json.loads(Path("models/classifier/0.1.0/reference_profile.json").read_text())
data = load_current_data(profile, rows=300, seed=3)
names = list(data.columns)
with open("current.csv", "w", newline="") as handle:
    writer = csv.writer(handle)
    writer.writerow(names)
    for i in range(300):
        writer.writerow(["" if (j == 1 and i < 90) else data.columns[n][i] * (1.3 if j % 3 == 0 else 1.0) for j, n in enumerate(names)])
`

async function screenshot(html: string, png: string, profileDir: string): Promise<void> {
  await execa(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--user-data-dir=${profileDir}`, '--window-size=1280,1600',
    `--screenshot=${png}`, `file://${html}`,
  ], { timeout: 90_000 })
}

describe.skipIf(!hasTools && !requireTools)(`the HTML drift report${hasTools ? '' : ' (skipped: python3-sklearn or chromium missing)'}`, () => {
  it('renders offline in headless chromium with one chart per feature', { timeout: 300_000 }, async () => {
    const cwd = await testdir()
    await generateProject({ cwd, targetDir: 'drifty', template: 'python-ml', answers: {}, useDefaults: true, git: false })
    const dir = path.join(cwd, 'drifty')
    const env = { PYTHONPATH: 'src', CI: 'true' }
    await execa('make', ['train', `PYTHON=${PYTHON}`], { cwd: dir, env })
    await execa(PYTHON, ['-c', WRITE_CURRENT], { cwd: dir, env })
    const drift = await execa('make', ['drift', `PYTHON=${PYTHON}`, 'DRIFT_ARGS=--current current.csv'], { cwd: dir, env, reject: false })
    expect([0, 1], drift.stderr).toContain(drift.exitCode)

    const report = JSON.parse(await fsp.readFile(path.join(dir, 'reports/drift/report.json'), 'utf8')) as { columns: { name: string; status: string }[] }
    const htmlFile = path.join(dir, 'reports/drift/report.html')
    const html = await fsp.readFile(htmlFile, 'utf8')
    // Self-contained: no script, stylesheet link, CDN or any other URL than the SVG namespace.
    expect(html).not.toMatch(/<script|<link|<img|@import/i)
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//)
    const cards = html.split('<section class="card feature"').slice(1)
    expect(cards).toHaveLength(report.columns.length)
    expect(report.columns.length).toBe(30)
    for (const [index, card] of cards.entries()) {
      expect(card).toContain(`>${report.columns[index]?.name ?? ''} `)
      expect(card.split('</section>')[0]).toMatch(/<svg[^>]*class="chart"[\s\S]*<rect/)
    }
    expect(report.columns.some((column) => column.status === 'drift')).toBe(true)

    const png = path.join(cwd, 'report.png')
    await screenshot(htmlFile, png, path.join(cwd, 'chromium-profile'))
    const pixels = decodePng(await fsp.readFile(png))
    expect([pixels.width, pixels.height]).toEqual([1280, 1600])
    let inked = 0
    let red = 0
    const colours = new Set<number>()
    for (let i = 0; i < pixels.data.length; i += pixels.channels) {
      const [r, g, b] = [pixels.data[i] ?? 0, pixels.data[i + 1] ?? 0, pixels.data[i + 2] ?? 0]
      colours.add((r << 16) | (g << 8) | b)
      if (r + g + b < 3 * 235) inked++
      if (Math.abs(r - (DRIFT_RED[0] ?? 0)) + Math.abs(g - (DRIFT_RED[1] ?? 0)) + Math.abs(b - (DRIFT_RED[2] ?? 0)) < 30) red++
    }
    const pixelCount = pixels.width * pixels.height
    // Not blank: a good part of the page is drawn, in many colours, with drift shown in red.
    expect(inked / pixelCount).toBeGreaterThan(0.05)
    expect(colours.size).toBeGreaterThan(50)
    expect(red).toBeGreaterThan(1000)
    if (process.env.OPSMITH_KEEP_SCREENSHOT) await fsp.copyFile(png, process.env.OPSMITH_KEEP_SCREENSHOT)
  })
})
