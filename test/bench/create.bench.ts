// Benchmark: `npm create opsmith` beside `npm create vite`, as a new user runs them: the packed tarball is published
// to a loopback verdaccio whose uplink is the real registry, and every run starts with an empty npm cache.
// Runs alternate (A/B, then B/A) so drift on a shared machine hits both. Prints medians and the ratio.
// Goal: opsmith within 1.5x of create-vite. Run: npm run bench:create (BENCH_RUNS=N, default 5)
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { startRegistry } from '../helpers/verdaccio.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const GOAL = 1.5

interface Contender {
  label: string
  args: string[]
  /** A file the generated project must have, so a silent failure never counts as a fast run. */
  expect: string
}

const CONTENDERS: Contender[] = [
  { label: 'npm create opsmith@latest p -- --yes --no-git', args: ['create', 'opsmith@latest', 'p', '--', '--yes', '--no-git'], expect: '.opsmith.json' },
  { label: 'npm create vite@latest p -- --template react-ts', args: ['create', 'vite@latest', 'p', '--', '--template', 'react-ts'], expect: 'package.json' },
]

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** One run in a fresh folder with a fresh npm cache; returns wall milliseconds. */
async function timeOnce(contender: Contender, env: Record<string, string>, work: string): Promise<number> {
  const run = await fs.mkdtemp(path.join(work, 'run-'))
  const started = process.hrtime.bigint()
  const result = await execa('npm', contender.args, {
    cwd: run,
    env: { ...env, npm_config_cache: path.join(run, '.npm-cache'), npm_config_yes: 'true' },
    stdin: 'ignore',
    reject: false,
  })
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  const created = await fs.stat(path.join(run, 'p', contender.expect)).then(() => true, () => false)
  if (result.exitCode !== 0 || !created) throw new Error(`${contender.label} failed (exit ${result.exitCode}):\n${result.stdout}\n${result.stderr}`)
  await fs.rm(run, { recursive: true, force: true })
  return wallMs
}

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'opsmith-bench-create-'))
const registry = await startRegistry(['create-opsmith'])
try {
  // 1. The package as it would be published (dist is built by `npm run bench:create` before this runs).
  const packed = await execa('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT })
  const tarball = path.join(work, packed.stdout.trim().split('\n').at(-1) as string)
  const size = (await fs.stat(tarball)).size
  await execa('npm', ['publish', tarball, '--ignore-scripts', '--tag', 'latest'], { cwd: work, env: registry.env })

  // 2. One discarded run each fills verdaccio's storage from the uplink, as a team's mirror would be.
  for (const contender of CONTENDERS) await timeOnce(contender, registry.env, work)

  // 3. Alternating measured runs.
  const samples = CONTENDERS.map(() => [] as number[])
  for (let round = 0; round < RUNS; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0]
    for (const index of order) samples[index]?.push(await timeOnce(CONTENDERS[index] as Contender, registry.env, work))
  }

  const medians = samples.map(median)
  console.log(`create-opsmith tarball: ${(size / 1024).toFixed(0)} KiB; ${RUNS} alternating runs each, empty npm cache, loopback verdaccio`)
  CONTENDERS.forEach((contender, index) => {
    const values = samples[index] as number[]
    console.log(`${contender.label.padEnd(52)} median ${(medians[index] as number).toFixed(0).padStart(6)} ms   min ${Math.min(...values).toFixed(0).padStart(6)} ms`)
  })
  const ratio = (medians[0] as number) / (medians[1] as number)
  console.log(`ratio opsmith / vite: ${ratio.toFixed(2)}x (goal <= ${GOAL}x: ${ratio <= GOAL ? 'met' : 'NOT met'})`)
} finally {
  await registry.stop()
  await fs.rm(work, { recursive: true, force: true })
}
