// Image benchmark: bootstrap, cold and warm builds of dev and runtime, sizes and package counts beside
// the plain bootstrapped Debian base, verify time. Needs the built bundle (dist/) and a Docker engine.
// Targets: warm rebuild < 5 s; runtime < 80 MB with zero setuid files.
import { performance } from 'node:perf_hooks'
import { execFileSync } from 'node:child_process'

const opsmith = (...args) => execFileSync('node', ['dist/bin/opsmith.js', 'image', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const run = `bench-${process.pid}`
const base = `opsmith-bench/debian:${run}`
const tags = { dev: `opsmith-bench/python:dev-${run}`, runtime: `opsmith-bench/python:runtime-${run}` }
const rows = []

function timed(label, fn) {
  const start = performance.now()
  const output = fn()
  const seconds = (performance.now() - start) / 1000
  rows.push([label, `${seconds.toFixed(1)} s`])
  return output
}

function describe(image) {
  let text
  try {
    text = opsmith('verify', image, '--format', 'json', '--no-smoke')
  } catch (error) {
    // Exit 1 means findings (the plain base runs as root); the JSON report is still on stdout.
    if (error.status !== 1) throw error
    text = error.stdout
  }
  const json = JSON.parse(text)
  const setuid = json.checks.filter((check) => check.id === 'no-setuid' && !check.passed).length
  return `${(json.sizeBytes / 1e6).toFixed(1)} MB, ${json.packageCount} packages, ${setuid} setuid files`
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
} catch (error) {
  // verify exits 1 on findings: still print what it said.
  console.error(String(error.stdout ?? ''), String(error.stderr ?? error.message))
  process.exitCode = 1
} finally {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}${value}`)
  execFileSync('/usr/bin/docker', ['rmi', '-f', base, tags.dev, tags.runtime], { stdio: 'ignore' })
}
