// Image benchmark: bootstrap, cold and warm builds of dev and runtime, sizes and package counts beside
// the plain bootstrapped Debian base, verify time; then a generated python-ml project's runtime base (its
// Dockerfile's `runtime-base` stage: everything in the runtime image but the project's own dependencies),
// built FROM the bootstrapped base. Needs the built bundle (dist/) and a Docker engine.
// Targets: warm rebuild < 5 s; runtime < 80 MB with zero setuid files; runtime base <= 40 MB (a
// distroless-style Debian Python runtime measures 37.7 MB).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { execFileSync, spawnSync } from 'node:child_process'

const bin = path.resolve('dist/bin/opsmith.js')
const cli = (cwd, ...args) => execFileSync('node', [bin, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const opsmith = (...args) => cli(process.cwd(), 'image', ...args)
const run = `bench-${process.pid}`
const base = `opsmith-bench/debian:${run}`
const tags = { dev: `opsmith-bench/python:dev-${run}`, runtime: `opsmith-bench/python:runtime-${run}`, project: `opsmith-bench/project:runtime-base-${run}` }
const RUNTIME_GOAL_MB = 40
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-bench-image-'))
const rows = []

function timed(label, fn) {
  const start = performance.now()
  const output = fn()
  const seconds = (performance.now() - start) / 1000
  rows.push([label, `${seconds.toFixed(1)} s`])
  return output
}

const reports = new Map()
function verifyJson(image) {
  if (reports.has(image)) return reports.get(image)
  let text
  try {
    text = opsmith('verify', image, '--format', 'json', '--no-smoke')
  } catch (error) {
    // Exit 1 means findings (the plain base runs as root); the JSON report is still on stdout.
    if (error.status !== 1) throw error
    text = error.stdout
  }
  reports.set(image, JSON.parse(text))
  return reports.get(image)
}

function describe(image) {
  const json = verifyJson(image)
  const setuid = json.checks.filter((check) => check.id === 'image-no-setuid' && !check.passed).length
  return `${(json.image.sizeBytes / 1e6).toFixed(1)} MB, ${json.image.packageCount} packages, ${setuid} setuid files`
}

try {
  timed('bootstrap (debootstrap + import)', () => opsmith('bootstrap', '--tag', base))
  for (const target of ['dev', 'runtime']) {
    timed(`cold build ${target}`, () => opsmith('build', 'python', '--target', target, '--base', base, '--tag', tags[target], '--no-cache'))
    timed(`warm rebuild ${target}`, () => opsmith('build', 'python', '--target', target, '--base', base, '--tag', tags[target]))
  }
  timed('verify runtime (with smoke start)', () => opsmith('verify', tags.runtime))
  timed('verify dev (with smoke start)', () => opsmith('verify', tags.dev))
  rows.push(['plain Debian base', describe(base)], ['dev image', describe(tags.dev)], ['runtime image', describe(tags.runtime)])
  rows.push(['runtime image vs goal', againstGoal(tags.runtime)])
  // A generated project's own Dockerfile, its pinned `debian` stage rebased onto the bootstrapped image.
  cli(work, 'new', 'bench-project', '--yes', '--no-git')
  timed('project runtime-base build', () => cli(path.join(work, 'bench-project'), 'image', 'build', '--target', 'runtime-base', '--base', base, '--tag', tags.project))
  rows.push(['project runtime base', describe(tags.project)], ['project runtime base vs goal', againstGoal(tags.project)])
} catch (error) {
  // verify exits 1 on findings: still print what it said.
  console.error(String(error.stdout ?? ''), String(error.stderr ?? error.message))
  process.exitCode = 1
} finally {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}${value}`)
  // One at a time: an image an earlier failure left unbuilt does not keep the others.
  for (const image of [base, tags.dev, tags.runtime, tags.project]) spawnSync('/usr/bin/docker', ['rmi', '-f', image], { stdio: 'ignore' })
  fs.rmSync(work, { recursive: true, force: true })
}

function againstGoal(image) {
  const megabytes = verifyJson(image).image.sizeBytes / 1e6
  const verdict = megabytes <= RUNTIME_GOAL_MB ? 'met' : 'NOT met'
  return `${megabytes.toFixed(1)} MB of the ${RUNTIME_GOAL_MB} MB goal (non-project part): ${verdict}`
}
