// Shared by the benchmark scripts: run a command N times, report median wall time and peak memory.
import { spawnSync } from 'node:child_process'

/** Runs `command args` once under GNU time; returns wall milliseconds and peak RSS in MiB. */
export function measureOnce(command, args, options = {}) {
  const started = process.hrtime.bigint()
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8', ...options })
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`)
  }
  const lines = result.stderr.trim().split('\n')
  const maxRssKb = Number(lines.at(-1))
  return { wallMs, peakMiB: maxRssKb / 1024 }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Measures `runs` times after `warmup` discarded runs; `prepare(i)` runs before each (untimed). */
export function benchmark({ runs = 10, warmup = 2, prepare = () => {}, command, args }) {
  const samples = []
  for (let i = 0; i < warmup + runs; i++) {
    const callArgs = typeof args === 'function' ? args(i) : args
    prepare(i)
    const sample = measureOnce(command, callArgs)
    if (i >= warmup) samples.push(sample)
  }
  return {
    medianMs: median(samples.map((s) => s.wallMs)),
    minMs: Math.min(...samples.map((s) => s.wallMs)),
    peakMiB: Math.max(...samples.map((s) => s.peakMiB)),
    runs,
  }
}

export function formatRow(label, figures) {
  return `${label.padEnd(44)} median ${figures.medianMs.toFixed(0).padStart(5)} ms   min ${figures.minMs.toFixed(0).padStart(5)} ms   peak ${figures.peakMiB.toFixed(1).padStart(6)} MiB   (${figures.runs} runs)`
}
