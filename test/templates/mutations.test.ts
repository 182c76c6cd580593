import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateProject } from '../../src/generate/index.js'
import { testdir } from '../helpers/testdir.js'
import { PYTHON, canRun, requireTools } from './quality-checks.js'

// The generated tests must catch wrong numbers, not only crashes: each mutation is one plausible
// single-line formula error in the generated drift, evaluation or LLM-eval code, and the generated
// project's own tests have to fail on it.
interface Mutation {
  name: string
  file: string
  from: string
  to: string
}

const ML: Mutation[] = [
  { name: 'precision computed as recall', file: 'evaluate.py', from: '"precision": float(skm.precision_score(', to: '"precision": float(skm.recall_score(' },
  { name: 'micro instead of macro averages', file: 'evaluate.py', from: 'scores = {"average": "macro"}', to: 'scores = {"average": "micro"}' },
  { name: 'p95 latency is the p50', file: 'evaluate.py', from: 'float(np.percentile(timings, 95))', to: 'float(np.percentile(timings, 50))' },
  { name: 'log loss halved', file: 'evaluate.py', from: '"log_loss": float(skm.log_loss(truth, proba, labels=label_list)),', to: '"log_loss": float(skm.log_loss(truth, proba, labels=label_list)) / 2,' },
  { name: 'the first label is the positive class', file: 'evaluate.py', from: 'return len(labels) - 1', to: 'return 0' },
  { name: 'ROC-AUC on a fixed probability column', file: 'evaluate.py', from: 'roc_auc = skm.roc_auc_score(truth == positive, proba[:, index])', to: 'roc_auc = skm.roc_auc_score(truth == positive, proba[:, 1])' },
  { name: 'Jensen-Shannon in base 2', file: 'drift_stats.py', from: 'np.log(p[mask] / mid[mask])', to: 'np.log2(p[mask] / mid[mask])' },
  { name: 'PSI warn band removed', file: 'drift.py', from: 'if psi_value >= th.psi_warn or missing_change >= th.missing_share_change:', to: 'if missing_change >= th.missing_share_change:' },
  { name: '>= turned into > on the drift share', file: 'drift.py', from: 'if share >= th.dataset_drift_share:', to: 'if share > th.dataset_drift_share:' },
  { name: 'standard deviation floor 1e-12', file: 'drift_stats.py', from: 'STD_FLOOR = 0.001', to: 'STD_FLOOR = 1e-12' },
  { name: 'reference CDF counts values strictly below', file: 'drift_stats.py', from: 'ref_cdf = cumulative[np.searchsorted(values, points, side="right")] / n_ref', to: 'ref_cdf = cumulative[np.searchsorted(values, points, side="left")] / n_ref' },
  { name: 'KS p-value always asymptotic', file: 'drift_stats.py', from: 'KS_EXACT_MAX_N = 10000', to: 'KS_EXACT_MAX_N = 0' },
  { name: 'PSI with the log ratio inverted', file: 'drift_stats.py', from: 'return float(np.sum((cur - ref) * np.log(cur / ref)))', to: 'return float(np.sum((cur - ref) * np.log(ref / cur)))' },
  { name: 'missing share relative to present values', file: 'drift.py', from: 'share, ref_share = _missing_shares(reference, int(missing.sum()), int(raw.size))', to: 'share, ref_share = _missing_shares(reference, int(missing.sum()), int(raw.size) * 2)' },
]

const LLM: Mutation[] = [
  { name: 'eval p95 latency is the p50', file: 'evaluate.py', from: '"latency_p95_ms": float(np.percentile(latencies, 95)),', to: '"latency_p95_ms": float(np.percentile(latencies, 50)),' },
  { name: 'refusal counted correct when wrong', file: 'evaluate.py', from: '"refusal_correct": answer.refused != answerable,', to: '"refusal_correct": answer.refused == answerable,' },
  { name: 'one retrieved citation is enough', file: 'evaluate.py', from: 'and all(source in answer.retrieved for source in answer.citations)', to: 'and any(source in answer.retrieved for source in answer.citations)' },
  { name: 'latency ceiling strict', file: 'evaluate.py', from: 'passed = value is not None and (value <= threshold if ceiling else value >= threshold)', to: 'passed = value is not None and (value < threshold if ceiling else value >= threshold)' },
  { name: 'cost counts input tokens only', file: 'evaluate.py', from: 'case["cost_usd"] = price.cost(case["input_tokens"], case["output_tokens"])', to: 'case["cost_usd"] = price.cost(case["input_tokens"], 0)' },
  { name: 'card numbers without the Luhn check', file: 'pii.py', from: 'return 13 <= len(digits) <= 19 and total % 10 == 0', to: 'return 13 <= len(digits) <= 19' },
]

const hasPython = canRun(PYTHON, ['-c', 'import numpy, sklearn, yaml, pytest'])

async function render(template: string, name: string): Promise<string> {
  const cwd = await testdir()
  await generateProject({ cwd, targetDir: name, template, answers: {}, useDefaults: true, git: false })
  return path.join(cwd, name)
}

/** Applies one mutation, runs the given generated tests, restores the file; true when they fail. */
async function caught(dir: string, module: string, mutation: Mutation, tests: string[]): Promise<boolean> {
  const file = path.join(dir, 'src', module, mutation.file)
  const original = await fsp.readFile(file, 'utf8')
  // A mutation that no longer applies would pass for the wrong reason: it must match exactly once.
  expect(original.split(mutation.from).length - 1, `${mutation.name}: ${mutation.from}`).toBe(1)
  await fsp.writeFile(file, original.replace(mutation.from, mutation.to))
  try {
    const result = await execa(PYTHON, ['-m', 'pytest', '-x', '-q', '-p', 'no:cacheprovider', ...tests], { cwd: dir, reject: false })
    return result.exitCode === 1
  } finally {
    await fsp.writeFile(file, original)
  }
}

describe.skipIf(!hasPython && !requireTools)('generated tests catch single-line formula errors', () => {
  let ml = ''
  let llm = ''
  beforeAll(async () => {
    ;[ml, llm] = await Promise.all([render('python-ml', 'mutant-ml'), render('python-llm', 'mutant-llm')])
  })

  it('the unmutated projects pass the same tests', { timeout: 120_000 }, async () => {
    const mlRun = await execa(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_drift.py', 'tests/test_drift_stats.py', 'tests/test_evaluate.py'], { cwd: ml, reject: false })
    expect(mlRun.exitCode, mlRun.stdout).toBe(0)
    const llmRun = await execa(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_evaluate.py', 'tests/redteam/test_pii.py'], { cwd: llm, reject: false })
    expect(llmRun.exitCode, llmRun.stdout).toBe(0)
  })

  it('fail for at least 11 of the mutations (all of them, today)', { timeout: 900_000 }, async () => {
    expect(ML.length + LLM.length).toBeGreaterThanOrEqual(12)
    const survivors: string[] = []
    for (const mutation of ML) {
      if (!(await caught(ml, 'mutant_ml', mutation, ['tests/test_drift.py', 'tests/test_drift_stats.py', 'tests/test_evaluate.py']))) survivors.push(mutation.name)
    }
    for (const mutation of LLM) {
      if (!(await caught(llm, 'mutant_llm', mutation, ['tests/test_evaluate.py', 'tests/redteam/test_pii.py']))) survivors.push(mutation.name)
    }
    expect(survivors).toEqual([])
    expect(ML.length + LLM.length - survivors.length).toBeGreaterThanOrEqual(11)
  })
})
