// Benchmark: `opsmith conform` on (a) a freshly generated python-ml project and (b) a synthetic
// repository of 20,000 source files (~160 MB, generated once under the temp dir), beside the
// secretlint CLI (its recommended preset) on a 1,000-file slice of the same tree and a plain
// full-content scan (git grep; ripgrep too when installed) of the whole tree as the floor.
// Also times sha256 of a 1 GiB file: conform's streaming hash against `openssl dgst -sha256`.
// Targets: (a) within 2x of a bare `node -e 0`, (b) within 3x of a full-content `git grep` of the same tree,
// each pair measured alternately (A/B/A/B) so a busy shared machine slows both sides alike. Prints both ratios.
// Run after `npm run build`: node test/bench/conform.bench.mjs  (BENCH_RUNS=N to change the run count)
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatRow, median } from './measure.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = path.join(root, 'dist/bin/opsmith.js')
const runs = Number(process.env.BENCH_RUNS ?? 7)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-conform-bench-'))
const synthetic = path.join(os.tmpdir(), 'opsmith-conform-bench-synthetic-v1')
const PINNED = (name, hex) => `localhost/opsmith-bench/python:3.11-${name}@sha256:${hex.repeat(64)}`

// Like measure.mjs's benchmark, but conform's exit 1 (findings) counts as a successful run.
function bench({ command, args, cwd, env, okStatus = [0, 1], warmup = 1, runsOverride }) {
  const samples = []
  for (let i = 0; i < warmup + (runsOverride ?? runs); i++) {
    const started = process.hrtime.bigint()
    const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 })
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6
    if (!okStatus.includes(result.status)) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr.slice(-2000)}`)
    if (i >= warmup) samples.push({ wallMs, peakMiB: Number(result.stderr.trim().split('\n').at(-1)) / 1024 })
  }
  const walls = samples.map((sample) => sample.wallMs)
  return { medianMs: median(walls), minMs: Math.min(...walls), peakMiB: Math.max(...samples.map((sample) => sample.peakMiB)), runs }
}

const git = (cwd, ...args) => spawnSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], { cwd, stdio: 'ignore' })

// (b) 20,000 files of ~8 KB of Python/TypeScript-like text, deterministic; five hold a fake token
// (assembled here, so this file holds none) so the detector has real work on a few files.
function writeSyntheticRepo(dir) {
  if (fs.existsSync(path.join(dir, '.complete'))) return
  fs.rmSync(dir, { recursive: true, force: true })
  const lines = [
    'import numpy as np', 'from sklearn.model_selection import train_test_split', 'def compute_features(frame, columns):',
    '    """Return the engineered features for the given columns."""', '    result = frame[columns].fillna(0).astype("float32")',
    '    return result.clip(lower=-1e6, upper=1e6)', 'class FeatureStore:', '    def __init__(self, uri: str, timeout: float = 5.0) -> None:',
    '        self.uri = uri  # e.g. https://features.internal/v1', 'export function parseConfig(text: string): Config {',
    '  const lines = text.split("\\n").filter((line) => line.trim() !== "")', '  return Object.fromEntries(lines.map((line) => line.split("=")))',
    '}', '# Train the model and log the metrics to the tracking server', 'for epoch in range(config.epochs):',
    '    loss = model.train_step(batch, learning_rate=0.001)', '    logger.info("epoch %d loss %.4f", epoch, loss)', '    print(f"position {index}: {secret_name}")',
  ]
  const token = ['ghp', 'R8cK2vLq9TzX4mWn7YbPd3Hs6Jf1Ga5Ue0Qo'].join('_')
  let seed = 1
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff)
  for (let i = 0; i < 20_000; i++) {
    const folder = path.join(dir, `pkg${i % 100}`, `mod${i % 37}`)
    fs.mkdirSync(folder, { recursive: true })
    let text = i % 4000 === 7 ? `GITHUB_TOKEN = "${token}"\n` : ''
    while (text.length < 8000) text += `${lines[next() % lines.length]}\n`
    fs.writeFileSync(path.join(folder, `file${i}.${i % 2 ? 'py' : 'ts'}`), text)
  }
  git(dir, 'init', '-q')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-qm', 'synthetic')
  fs.writeFileSync(path.join(dir, '.complete'), '')
}

function sliceOf(dir, count) {
  const slice = path.join(work, 'slice')
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.split('\0').filter(Boolean).slice(0, count)
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(slice, file)), { recursive: true })
    fs.copyFileSync(path.join(dir, file), path.join(slice, file))
  }
  return slice
}

function treeSize(dir) {
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.split('\0').filter(Boolean)
  return { files: files.length, megabytes: files.reduce((sum, file) => sum + fs.statSync(path.join(dir, file)).size, 0) / 1e6 }
}

// sha256 of a 1 GiB file: conform's streaming hash (src/conform/hash.ts) against openssl.
function hashFigures() {
  const file = path.join(work, 'artifact.bin')
  const handle = fs.openSync(file, 'w')
  const block = Buffer.alloc(1 << 24, 7)
  for (let i = 0; i < 64; i++) fs.writeSync(handle, block)
  fs.closeSync(handle)
  const script = path.join(work, 'hash.mjs')
  fs.writeFileSync(script, `import { createHash } from 'node:crypto'\nimport { createReadStream } from 'node:fs'\nconst hash = createHash('sha256')\nfor await (const chunk of createReadStream(process.argv[2], { highWaterMark: 4 * 1024 * 1024 })) hash.update(chunk)\nconsole.log(hash.digest('hex'))\n`)
  const node = bench({ command: process.execPath, args: [script, file], okStatus: [0] })
  const openssl = bench({ command: 'openssl', args: ['dgst', '-sha256', file], okStatus: [0] })
  fs.rmSync(file)
  return { node, openssl }
}

const project = path.join(work, 'project')
const generated = spawnSync(process.execPath, [bin, 'new', project, '--yes', '--base-image', PINNED('runtime', 'a'), '--dev-image', PINNED('dev', 'b')], { encoding: 'utf8' })
if (generated.status !== 0) throw new Error(`opsmith new failed:\n${generated.stderr}`)
writeSyntheticRepo(synthetic)
const slice = sliceOf(synthetic, 1000)
const secretlintrc = path.join(work, '.secretlintrc.json')
fs.writeFileSync(secretlintrc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }))
const size = treeSize(synthetic)

// Alternates the two commands run by run, so load from other processes hits both sides equally.
function benchPair(a, b) {
  const first = []
  const second = []
  for (let i = 0; i < runs; i++) {
    first.push(bench({ ...a, warmup: i === 0 ? 1 : 0, runsOverride: 1 }))
    second.push(bench({ ...b, warmup: i === 0 ? 1 : 0, runsOverride: 1 }))
  }
  const merge = (list) => ({ medianMs: median(list.map((item) => item.medianMs)), minMs: Math.min(...list.map((item) => item.minMs)), peakMiB: Math.max(...list.map((item) => item.peakMiB)), runs })
  return [merge(first), merge(second)]
}

// Full-content search of every tracked file: the floor a whole-repository scan is compared with.
const gitGrep = { command: 'git', args: ['grep', '-I', '-c', '-F', '-e', 'ghp_', '-e', 'PRIVATE KEY', '-e', 'AKIA'], cwd: synthetic, okStatus: [0, 1] }
const [freshConform, bareNode] = benchPair({ command: process.execPath, args: [bin, 'conform', project] }, { command: process.execPath, args: ['-e', '0'], okStatus: [0] })
// NODE_EXTRA_CA_CERTS makes every Node start read and parse that file (Node 20 does it before any script runs):
// with the system bundle, ~40 ms more on both sides of (a). When it is set, (a) is also measured without it.
const { NODE_EXTRA_CA_CERTS: extraCerts, ...withoutCerts } = process.env
const bare = extraCerts ? benchPair({ command: process.execPath, args: [bin, 'conform', project], env: withoutCerts }, { command: process.execPath, args: ['-e', '0'], env: withoutCerts, okStatus: [0] }) : undefined
const [bigConform, grepFloor] = benchPair({ command: process.execPath, args: [bin, 'conform', synthetic] }, gitGrep)
const rows = [
  ['(a) conform, fresh python-ml project', freshConform],
  ['    node -e 0 (same runs, alternating)', bareNode],
  ...(bare ? [['    conform, without NODE_EXTRA_CA_CERTS', bare[0]], ['    node -e 0, without NODE_EXTRA_CA_CERTS', bare[1]]] : []),
  [`(b) conform, synthetic ${size.files} files ${size.megabytes.toFixed(0)} MB`, bigConform],
  ['    git grep, whole tree (same runs, alternating)', grepFloor],
  ...(process.env.BENCH_QUICK ? [] : [['    secretlint CLI, 1,000-file slice', bench({ command: path.join(root, 'node_modules/.bin/secretlint'), args: ['--secretlintrc', secretlintrc, '--maskSecrets', `${slice}/**/*`], cwd: root, warmup: 0 })]]),
]
if (spawnSync('rg', ['--version']).status === 0) {
  rows.push(['    floor: ripgrep, whole tree', bench({ command: 'rg', args: ['-c', '-F', '-e', 'ghp_', '-e', 'PRIVATE KEY', '-e', 'AKIA', '.'], cwd: synthetic })])
}
const hashes = process.env.BENCH_QUICK ? undefined : hashFigures()
if (hashes) rows.push(['sha256 1 GiB: conform (4 MiB stream chunks)', hashes.node], ['sha256 1 GiB: openssl dgst -sha256', hashes.openssl])

console.log(`opsmith conform benchmark (${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)}, node ${process.version})`)
for (const [label, figures] of rows) console.log(formatRow(label, figures))
if (hashes) console.log(`hash throughput: conform at ${((hashes.openssl.medianMs / hashes.node.medianMs) * 100).toFixed(0)}% of openssl (target >= 80%)`)
console.log(`ratio (a) conform / node -e 0: ${(freshConform.medianMs / bareNode.medianMs).toFixed(2)}x (target <= 2x)`)
if (bare) console.log(`    NODE_EXTRA_CA_CERTS is set (${extraCerts}): it adds ${(bareNode.medianMs - bare[1].medianMs).toFixed(0)} ms to every Node start; without it, (a) is ${(bare[0].medianMs / bare[1].medianMs).toFixed(2)}x`)
console.log(`ratio (b) conform / git grep: ${(bigConform.medianMs / grepFloor.medianMs).toFixed(2)}x (target <= 3x)`)
fs.rmSync(work, { recursive: true, force: true })
