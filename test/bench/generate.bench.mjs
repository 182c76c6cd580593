// Benchmark: `opsmith new --yes --no-git` for the full python-ml project, beside cookiecutter rendering a
// template of the same number of files and bytes (written here). Prints figures; asserts nothing.
// Targets: median <= 250 ms on a 2-core machine (stretch 150 ms), and at most half of cookiecutter's time.
// Run: npm run bench:generate
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { benchmark, formatRow } from './measure.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = path.join(root, 'dist/bin/opsmith.js')
const runs = Number(process.env.BENCH_RUNS ?? 15)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-bench-'))

// 1. opsmith itself.
const opsmith = benchmark({
  runs,
  prepare: (i) => fs.rmSync(path.join(work, `p${i}`), { recursive: true, force: true }),
  command: process.execPath,
  args: (i) => [bin, 'new', path.join(work, `p${i}`), '--yes', '--no-git'],
})
const sample = path.join(work, 'p2')
const files = listFiles(sample)
const bytes = files.reduce((sum, file) => sum + fs.statSync(path.join(sample, file)).size, 0)

// 2. Floor: node starting and exiting.
const nodeFloor = benchmark({ runs, command: process.execPath, args: ['-e', '0'] })

// 3. cookiecutter on a template with the same file count and bytes (each file uses two variables).
const cookie = path.join(work, 'cookie')
writeCookiecutterTemplate(cookie, sample, files)
const hasCookiecutter = spawnSync('cookiecutter', ['--version']).status === 0
const cookiecutter = hasCookiecutter
  ? benchmark({
      runs,
      prepare: (i) => fs.rmSync(path.join(work, `c${i}`), { recursive: true, force: true }),
      command: 'cookiecutter',
      args: (i) => ['--no-input', '-o', path.join(work, `c${i}`), cookie],
    })
  : undefined

console.log(`python-ml project: ${files.length} files, ${(bytes / 1024).toFixed(1)} KiB`)
console.log(formatRow('opsmith new --yes --no-git', opsmith))
if (cookiecutter) {
  console.log(formatRow('cookiecutter --no-input (same files/bytes)', cookiecutter))
  const ratio = opsmith.medianMs / cookiecutter.medianMs
  console.log(`ratio opsmith / cookiecutter: ${ratio.toFixed(2)}x (goal <= 0.5x: ${ratio <= 0.5 ? 'met' : 'NOT met'})`)
}
else console.log('cookiecutter: not installed (apt-get install cookiecutter) - skipped')
console.log(formatRow('node -e 0 (floor)', nodeFloor))
console.log(`target: median <= 250 ms (stretch 150 ms): ${opsmith.medianMs <= 250 ? 'met' : 'NOT met'}`)
fs.rmSync(work, { recursive: true, force: true })

function listFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
}

function writeCookiecutterTemplate(dir, source, fileList) {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'cookiecutter.json'), JSON.stringify({ project_slug: 'my-model', description: 'A machine learning project.' }))
  for (const file of fileList) {
    const size = fs.statSync(path.join(source, file)).size
    const head = '{{ cookiecutter.project_slug }}: {{ cookiecutter.description }}\n'
    const body = 'x'.repeat(Math.max(0, size - head.length)).replace(/(.{79})/g, '$1\n')
    const target = path.join(dir, '{{cookiecutter.project_slug}}', file.replace(/[{}]/g, '_'))
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, head + body)
  }
}
