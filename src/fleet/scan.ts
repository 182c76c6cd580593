import { spawn } from 'node:child_process'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ToolError } from '../errors.js'
import { PACKAGE_ROOT } from '../paths.js'
import { createFleetDocument, errorRepository, type FleetDocument, type FleetRepository } from './document.js'
import { repositoryFromConform } from './conform-result.js'
import { readProjectRecord, recordedLayers } from '../record/index.js'
import type { FleetTarget } from './discover.js'

export interface FleetScanOptions {
  /** Repositories at once (default: one per core). */
  concurrency?: number
  /** Per-repository limit; a repository over it becomes an error row. */
  timeoutMs?: number
  /** Called as each repository finishes, in completion order (progress display). */
  onResult?: (repository: FleetRepository, done: number, total: number) => void
  /** Environment of each conform run (default process.env). */
  env?: NodeJS.ProcessEnv
}

// A report larger than this is a repository with a pathological number of findings: keep the row, not the findings.
const MAX_REPORT_BYTES = 64 * 1024 * 1024
// The drill-down shows the first findings of each repository; counts stay exact.
const MAX_FINDINGS_KEPT = 200

/** The built CLI each conform run executes: a child process per repository keeps memory flat and a hang killable. */
function cliPath(): string {
  const bin = path.join(PACKAGE_ROOT, 'dist', 'bin', 'opsmith.js')
  if (!fs.existsSync(bin)) throw new ToolError('internal', `The opsmith CLI is not built (${bin} is missing): run \`npm run build\`.`)
  return bin
}

/** Runs conform on every target with a bounded pool; one repository's failure is a row, never the end of the scan. */
export async function scanFleet(targets: FleetTarget[], options: FleetScanOptions = {}): Promise<FleetDocument> {
  const bin = cliPath()
  const concurrency = Math.max(1, Math.min(options.concurrency ?? os.availableParallelism(), targets.length || 1))
  const timeoutMs = options.timeoutMs ?? 120_000
  const results: FleetRepository[] = new Array(targets.length)
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < targets.length) {
      const index = next++
      const target = targets[index] as FleetTarget
      const repository = await scanOne(bin, target, timeoutMs, options.env ?? process.env)
      results[index] = repository
      options.onResult?.(repository, ++done, targets.length)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return createFleetDocument(results)
}

async function scanOne(bin: string, target: FleetTarget, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<FleetRepository> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const stats = await fsp.lstat(target.dir).catch(() => undefined)
  if (!stats?.isDirectory()) return errorRepository(target.name, `No repository at ${target.dir} (not cloned, or not a folder).`, elapsed())
  const run = await runConformProcess(bin, target.dir, timeoutMs, env)
  if (run.timedOut) return errorRepository(target.name, `conform did not finish within ${timeoutMs / 1000} s.`, elapsed())
  if (run.code !== 0 && run.code !== 1) {
    const line = run.stderr.split('\n').find((text) => text.trim() !== '') ?? `conform exited with ${run.code ?? run.signal}`
    return errorRepository(target.name, line.replace(/^opsmith: /, ''), elapsed())
  }
  let report: unknown
  try {
    report = JSON.parse(run.stdout)
  } catch (error) {
    return errorRepository(target.name, `conform's JSON report could not be read: ${(error as Error).message}.`, elapsed())
  }
  const repository = repositoryFromConform(target.name, report as Parameters<typeof repositoryFromConform>[1], await readPackLayers(target.dir), elapsed())
  repository.findings = repository.findings.slice(0, MAX_FINDINGS_KEPT)
  return repository
}

// Every layer the project records, root first; a broken record is conform's finding (manifest-valid), not a
// reason to lose the row.
async function readPackLayers(dir: string) {
  const { record } = await readProjectRecord(dir)
  return record ? recordedLayers(record).map(({ id, version }) => ({ id, version })) : []
}

interface ProcessResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  timedOut: boolean
}

function runConformProcess(bin: string, dir: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return new Promise((resolve) => {
    // detached: the child leads a process group, so a timeout also ends the git processes it started.
    const child = spawn(process.execPath, [bin, 'conform', '--format', 'json', '--', dir], {
      env: { ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let size = 0
    let timedOut = false
    const kill = () => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }
    const timer = setTimeout(() => {
      timedOut = true
      kill()
    }, timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_REPORT_BYTES) kill()
      else stdout.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64) stderr.push(chunk)
    })
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ code: null, signal: null, stdout: '', stderr: error.message, timedOut: false })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const tooLarge = size > MAX_REPORT_BYTES
      resolve({
        code: tooLarge ? null : code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: tooLarge ? `conform's report exceeded ${MAX_REPORT_BYTES / 1024 / 1024} MB.` : Buffer.concat(stderr).toString('utf8'),
        timedOut,
      })
    })
  })
}
