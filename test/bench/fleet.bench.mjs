// Benchmark: `opsmith fleet scan` over 100, 250 and 500 repositories laid out here (generated python-ml and
// python-llm projects, drifted copies, and foreign shapes: a JS monorepo, a Go service, a Python library).
// Prints wall time, repositories per second, CPU use of both cores, and the scanning process's own peak
// memory (it must stay flat as the count grows: each repository is checked in a child process).
// Run: npm run bench:fleet   (BENCH_SIZES=100,250,500 by default)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = path.join(root, 'dist/bin/opsmith.js')
const sizes = (process.env.BENCH_SIZES ?? '100,250,500').split(',').map(Number)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-bench-fleet-'))
const env = { ...process.env, OPSMITH_OFFLINE: '1', CI: 'true' }

function run(args, cwd = work) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`opsmith ${args.join(' ')}: ${result.stderr}`)
}

// 1. Lay out the largest fleet once; smaller fleets are the first N lines of its list.
const seeds = path.join(work, 'seeds')
run(['new', path.join(seeds, 'ml'), '--yes', '--no-git'])
run(['new', path.join(seeds, 'llm'), '--yes', '--no-git', '--template', 'python-llm'])
const FOREIGN = {
  js: { 'package.json': '{"name":"web","private":true,"workspaces":["packages/*"]}\n', 'packages/app/package.json': '{"name":"app"}\n', 'packages/app/index.js': 'console.log(1)\n', Dockerfile: 'FROM node:20\nCOPY . .\n', '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n' },
  go: { 'go.mod': 'module example.com/svc\n', 'main.go': 'package main\nfunc main() {}\n', Dockerfile: `FROM golang:1.23@sha256:${'a'.repeat(64)}\nUSER 65532\n` },
  py: { 'pyproject.toml': '[project]\nname = "lib"\n', 'src/lib/__init__.py': '"""A library."""\n', 'tests/test_lib.py': 'def test_x():\n    assert True\n' },
}
const largest = Math.max(...sizes)
const fleet = path.join(work, 'fleet')
const names = []
for (let index = 0; index < largest; index++) {
  const kind = ['ml', 'llm', 'js', 'go', 'py', 'ml-drifted'][index % 6]
  const name = `org/${kind}-${String(index).padStart(4, '0')}`
  const dir = path.join(fleet, name)
  if (kind.startsWith('ml') || kind === 'llm') fs.cpSync(path.join(seeds, kind.startsWith('ml') ? 'ml' : 'llm'), dir, { recursive: true })
  else for (const [file, content] of Object.entries(FOREIGN[kind])) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), content)
  }
  if (kind === 'ml-drifted') fs.appendFileSync(path.join(dir, 'Dockerfile'), 'RUN echo drift\n')
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true })
  names.push(name)
}

// 2. Scan each size; sample the scanning process's peak RSS (VmHWM) while it runs.
function scan(count) {
  const list = path.join(fleet, `list-${count}.txt`)
  fs.writeFileSync(list, `${names.slice(0, count).join('\n')}\n`)
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const before = process.resourceUsage ? readChildrenCpu() : 0
    const child = spawn('/usr/bin/time', ['-f', '%U %S', process.execPath, bin, 'fleet', 'scan', '--list', list, '-o', path.join(work, `fleet-${count}.json`)], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    let peakKb = 0
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const poll = setInterval(() => {
      for (const pid of descendants(child.pid)) {
        const status = safeRead(`/proc/${pid}/status`)
        const cmd = safeRead(`/proc/${pid}/cmdline`)
        if (cmd.includes('fleet\0scan')) peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0))
      }
    }, 50)
    child.on('close', (code) => {
      clearInterval(poll)
      if (code !== 0) return reject(new Error(stderr))
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      const [user, system] = stderr.trim().split('\n').at(-1).split(' ').map(Number)
      resolve({ count, seconds, peakMb: peakKb / 1024, cpu: (user + system) / seconds / os.availableParallelism(), before })
    })
  })
}
const safeRead = (file) => { try { return fs.readFileSync(file, 'utf8') } catch { return '' } }
const readChildrenCpu = () => 0
function descendants(pid) {
  const all = [pid]
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const parent = Number(/PPid:\s+(\d+)/.exec(safeRead(`/proc/${entry}/status`))?.[1])
    if (parent === pid) all.push(Number(entry))
  }
  return all
}

console.log(`opsmith fleet scan on ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'cpu'}); repositories: 1/3 generated, 1/6 drifted, 1/2 foreign`)
console.log('repositories   wall time   repos/s   CPU use of all cores   peak memory of the scan process')
for (const count of sizes) {
  const result = await scan(count)
  console.log(`${String(count).padStart(12)}   ${result.seconds.toFixed(1).padStart(7)} s   ${(count / result.seconds).toFixed(1).padStart(7)}   ${(result.cpu * 100).toFixed(0).padStart(19)} %   ${result.peakMb.toFixed(0).padStart(10)} MB`)
}
fs.rmSync(work, { recursive: true, force: true })
