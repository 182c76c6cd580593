// Benchmark: opsmith's secret detector beside secretlint's recommended preset (@secretlint/core +
// @secretlint/secretlint-rule-preset-recommend, the whole preset) on the labelled corpus of
// test/secrets/corpus/corpus.mjs. A secret counts as found when its file gets at least one finding;
// a lure is a false alarm when its file gets any. Time: median over runs of one pass over the whole
// corpus, in-process, after a warm-up pass (module loading is excluded for both).
// Run: npm run bench:secrets  (BENCH_RUNS=N to change the run count)
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { lintSource } from '@secretlint/core'
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend'
import { LURES, SECRETS } from '../secrets/corpus/corpus.mjs'
import { median } from './measure.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const runs = Number(process.env.BENCH_RUNS ?? 20)

// The detector straight from src/ (bundled, its packages left to node_modules), so no build is needed.
const outfile = path.join(root, 'node_modules/.cache/opsmith-bench/secrets.mjs')
await build({ entryPoints: [path.join(root, 'src/secrets/index.ts')], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' })
const { detectSecrets } = await import(pathToFileURL(outfile).href)

const secretlintConfig = { rules: [{ id: recommended.meta.id, rule: recommended }] }
async function secretlint(content, file) {
  const result = await lintSource({
    source: { content, filePath: file, ext: path.extname(file), contentType: 'text' },
    options: { config: secretlintConfig, maskSecrets: true, noPhysicFilePath: true },
  })
  return result.messages.filter((message) => message.type === 'message')
}

const DETECTORS = { opsmith: detectSecrets, 'secretlint recommended': secretlint }
const entries = [...SECRETS, ...LURES]

async function evaluate(detect) {
  const missed = []
  const alarms = []
  for (const entry of entries) {
    const found = (await detect(entry.content, entry.file)).length > 0
    if (entry.secret && !found) missed.push(`${entry.kind} (${entry.file})`)
    if (!entry.secret && found) alarms.push(`${entry.kind} (${entry.file})`)
  }
  const times = []
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint()
    for (const entry of entries) await detect(entry.content, entry.file)
    times.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  return { missed, alarms, medianMs: median(times) }
}

const kinds = new Set(SECRETS.map((entry) => entry.kind)).size
const bytes = entries.reduce((sum, entry) => sum + Buffer.byteLength(entry.content), 0)
console.log(`secret detection benchmark: ${SECRETS.length} secrets of ${kinds} kinds, ${LURES.length} lures, ${(bytes / 1024).toFixed(0)} KiB (node ${process.version})`)
const results = {}
for (const [name, detect] of Object.entries(DETECTORS)) {
  results[name] = await evaluate(detect)
  const { missed, alarms, medianMs } = results[name]
  const found = SECRETS.length - missed.length
  console.log(
    `${name.padEnd(24)} recall ${String(found).padStart(2)}/${SECRETS.length} (${((found / SECRETS.length) * 100).toFixed(0).padStart(3)}%)   false alarms ${String(alarms.length).padStart(2)}/${LURES.length}   time ${medianMs.toFixed(1).padStart(6)} ms per corpus pass (${runs} runs)`,
  )
}
for (const [name, { missed, alarms }] of Object.entries(results)) {
  if (missed.length > 0) console.log(`\n${name} missed:\n  ${missed.join('\n  ')}`)
  if (alarms.length > 0) console.log(`\n${name} false alarms:\n  ${alarms.join('\n  ')}`)
}
fs.rmSync(path.dirname(outfile), { recursive: true, force: true })
