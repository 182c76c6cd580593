import fsp from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { execa, type ResultPromise } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addModelVersion, generateProject } from '../../src/generate/index.js'
import { testdir } from '../helpers/testdir.js'
import { PYTHON, canRun, requireTools } from './quality-checks.js'
import { freePort } from '../helpers/port.js'

// The served python-ml model observed as a user would: its real server, scraped by Debian's real
// Prometheus on 127.0.0.1, the inference log feeding `make drift`, and `make rollback` followed live.
const ready = canRun(PYTHON, ['-c', 'import numpy, sklearn, yaml']) && canRun('prometheus', ['--version'])
const MODULE = 'my_model'


async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    await sleep(250)
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}

interface PromSample { metric: Record<string, string>; value: [number, string] }

describe.skipIf(!ready && !requireTools)(`observe: served model, Prometheus, drift, rollback${ready ? '' : ' (skipped: python3-sklearn or prometheus missing)'}`, () => {
  let dir = ''
  const processes: ResultPromise[] = []
  let modelUrl = ''
  let promUrl = ''
  const make = (...args: string[]) => execa('make', [...args, `PYTHON=${PYTHON}`], { cwd: dir, reject: false })
  const get = async (url: string): Promise<unknown> => (await fetch(url)).json()
  const query = async (promql: string): Promise<PromSample[]> => {
    const body = (await get(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`)) as { data: { result: PromSample[] } }
    return body.data.result
  }

  beforeAll(async () => {
    const cwd = await testdir()
    await generateProject({ cwd, targetDir: 'my-model', template: 'python-ml', answers: { projectName: 'my-model', serving: true }, useDefaults: true, git: false })
    dir = path.join(cwd, 'my-model')
    // Two trained versions; 0.2.0 promoted, so there is something to roll back.
    expect((await make('train')).exitCode).toBe(0)
    await addModelVersion({ projectDir: dir, name: 'classifier', bump: 'minor' })
    expect((await make('train')).exitCode).toBe(0)
    const promote = await execa('make', ['promote', `PYTHON=${PYTHON}`], { cwd: dir, env: { VERSION: '0.2.0', REASON: 'better recall' }, reject: false })
    expect(promote.exitCode, promote.stderr).toBe(0)

    const port = await freePort()
    modelUrl = `http://127.0.0.1:${port}`
    const env = { PYTHONPATH: 'src', HOST: '127.0.0.1', PORT: String(port), MODEL_RELOAD_SECONDS: '0.5' }
    processes.push(execa(PYTHON, ['-m', `${MODULE}.serve`], { cwd: dir, env, reject: false }))
    await waitFor('the model server', async () => ((await fetch(`${modelUrl}/healthz`)).ok ? true : undefined))

    const promPort = await freePort()
    promUrl = `http://127.0.0.1:${promPort}`
    const config = path.join(cwd, 'prometheus.yml')
    await fsp.writeFile(config, `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: model\n    static_configs:\n      - targets: ["127.0.0.1:${port}"]\n`)
    processes.push(execa('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${path.join(cwd, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`], { reject: false }))
    await waitFor('Prometheus', async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined))
  }, 300_000)

  afterAll(async () => {
    for (const child of processes) child.kill()
    await Promise.all(processes)
  })

  it('exposes metrics that Prometheus scrapes after a few predictions', { timeout: 120_000 }, async () => {
    const rows = JSON.parse((await execa(PYTHON, ['-c', 'import json; from sklearn.datasets import load_breast_cancer; import numpy; data = load_breast_cancer().data; print(json.dumps(data[numpy.random.default_rng(0).permutation(len(data))[:150]].tolist()))'])).stdout) as number[][]
    for (let start = 0; start < rows.length; start += 15) {
      const response = await fetch(`${modelUrl}/predict`, {
        method: 'POST',
        headers: { 'X-Client-Id': start % 30 === 0 ? 'billing' : 'web', 'Content-Type': 'application/json' },
        body: JSON.stringify({ instances: rows.slice(start, start + 15) }),
      })
      expect(response.status).toBe(200)
      expect(((await response.json()) as { version: string }).version).toBe('0.2.0')
    }
    expect((await fetch(`${modelUrl}/predict`, { method: 'POST', body: '{"rows": 1}' })).status).toBe(400)

    const scraped = await waitFor('the scraped request counter', async () => {
      const result = await query('sum by (client, status) (model_http_requests_total{route="/predict"})')
      const total = result.reduce((sum, sample) => sum + Number(sample.value[1]), 0)
      return total >= 11 ? result : undefined
    })
    const byClient = Object.fromEntries(scraped.map((s) => [`${s.metric.client} ${s.metric.status}`, Number(s.value[1])]))
    expect(byClient).toEqual({ 'billing 200': 5, 'web 200': 5, 'unknown 400': 1 })
    expect(await query('up{job="model"}')).toMatchObject([{ value: [expect.any(Number), '1'] }])
    const predicted = await query('sum(model_predictions_total{version="0.2.0"})')
    expect(Number(predicted[0]?.value[1])).toBe(150)
    expect(Number((await query('sum(model_prediction_score_count)'))[0]?.value[1])).toBe(150)
    expect(await query('model_http_request_duration_seconds_bucket{route="/predict",le="+Inf"}')).toHaveLength(1)
    expect(Number((await query('sum(model_errors_total{kind="bad_request"})'))[0]?.value[1])).toBe(1)
    expect((await query('model_info'))[0]?.metric).toMatchObject({ model: 'classifier', version: '0.2.0' })
  })

  it('feeds the inference log of those predictions to make drift', { timeout: 120_000 }, async () => {
    const log = (await fsp.readFile(path.join(dir, 'logs/inference.jsonl'), 'utf8')).trim().split('\n')
    expect(log).toHaveLength(150)
    expect(log.join('\n')).not.toContain('billing')
    const drift = await make('drift')
    const report = JSON.parse(await fsp.readFile(path.join(dir, 'reports/drift/report.json'), 'utf8')) as { status: string; version: string; current: { source: string; rows: number } }
    // The monitor exits 0 on ok or warn and 1 on drift (make reports that as its own exit 2).
    expect(drift.exitCode, drift.stdout + drift.stderr).toBe(report.status === 'drift' ? 2 : 0)
    expect(report.current.source).toContain('logs/inference.jsonl')
    expect(report.current.rows).toBe(150)
    expect(report.version).toBe('0.2.0')
    expect(['ok', 'warn', 'drift']).toContain(report.status)
  })

  it('rolls back with make rollback while the server keeps running', { timeout: 60_000 }, async () => {
    const rollback = await execa('make', ['rollback', `PYTHON=${PYTHON}`], { cwd: dir, env: { REASON: 'recall dropped' }, reject: false })
    expect(rollback.exitCode, rollback.stderr).toBe(0)
    expect(rollback.stdout).toContain('champion 0.2.0 -> 0.1.0')
    await waitFor('the server to serve 0.1.0', async () => (((await get(`${modelUrl}/healthz`)) as { version: string }).version === '0.1.0' ? true : undefined), 10)
    const registry = await fsp.readFile(path.join(dir, 'models/registry.yaml'), 'utf8')
    expect(registry).toMatch(/action: rollback\n\s+alias: champion\n\s+from: 0\.2\.0\n\s+to: 0\.1\.0\n\s+reason: recall dropped/)
    const again = await make('rollback')
    expect(again.exitCode).toBe(2)
    expect(again.stderr).toContain('no earlier version')
  })
})
