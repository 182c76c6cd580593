import { isScalar } from 'yaml'
import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import type { Repo } from '../repo.js'
import { sortByLocation, EVAL_CONFIG, isLlmProject, lineOfKey, readConfig } from '../parse/llm-project.js'
import { lineOfNode, pairOf, pairsOf, scalarText } from '../parse/yaml.js'

// Thresholds with a unit are positive limits (latency, tokens, dollars); the rest are scores in [0, 1].
const UNIT_SUFFIX = /_(ms|s|seconds|tokens|usd)$/

export default defineRule({
  id: 'llm-eval-configured',
  description: 'config/eval.yaml sets score thresholds and a JSONL eval set whose entries are complete and include refusals',
  severity: 'error',
  refs: ['OWASP-LLM:LLM09', 'MLflow:genai-evaluation'],
  profile: 'llm',
  docs: {
    why: 'Without a scored eval set, a prompt or model change that makes answers wrong or invented ships unnoticed (OWASP LLM09, misinformation). Checks that config/eval.yaml parses, that every `thresholds` value is a number (scores in 0..1; keys ending in `_ms`, `_s`, `_seconds`, `_tokens` or `_usd` are positive limits), that `eval_set` names an existing file, and that the set has at least one entry, each line a JSON object with `id` (unique), `question`, `expected_facts` (list of strings) and `source` (an existing document, `#anchor` allowed, or `null`). At least one entry must have `"source": null`: a question the docs do not answer, where the assistant must refuse. Bad entries are reported on their own line.',
    fix: 'Restore config/eval.yaml from the template, fix the entry on the reported line, or add a refusal entry to the eval set.',
    examples: { language: 'json', bad: '{"question": "What is our refund window?"}', good: '{"id": "refunds", "question": "What is our refund window?", "expected_facts": ["30 days"], "source": "docs/refunds.md"}\n{"id": "salary", "question": "What is the CEO\'s salary?", "expected_facts": [], "source": null}' },
  },
  async check({ repo, project }) {
    if (!isLlmProject(repo, project.record)) return []
    const { config, problem } = await readConfig(repo, EVAL_CONFIG, 'the eval set path, score thresholds and cost budget')
    if (!config) return [{ file: EVAL_CONFIG, ...WHOLE_FILE, message: problem }]
    const findings: RuleFinding[] = []
    const thresholds = pairOf(config.root, 'thresholds')
    if (pairsOf(thresholds?.value).length === 0) {
      findings.push({ file: EVAL_CONFIG, line: lineOfKey(config, 'thresholds'), message: `${EVAL_CONFIG} sets no \`thresholds\`: add the scores the eval must reach (e.g. fact_recall: 0.8, refusal_accuracy: 0.9) so a regression fails CI.` })
    }
    for (const threshold of pairsOf(thresholds?.value)) {
      const name = scalarText(threshold.key) ?? ''
      const value = isScalar(threshold.value) ? threshold.value.value : undefined
      const limited = UNIT_SUFFIX.test(name)
      const inRange = typeof value === 'number' && Number.isFinite(value) && (limited ? value > 0 : value >= 0 && value <= 1)
      if (inRange) continue
      const expected = limited ? 'a positive number' : 'a score between 0 and 1'
      findings.push({ file: EVAL_CONFIG, line: lineOfNode(config, threshold), message: `Threshold \`${name}\` in ${EVAL_CONFIG} must be ${expected}: fix the value.` })
    }
    const evalSet = pairOf(config.root, 'eval_set')
    const evalPath = scalarText(evalSet?.value)
    if (!evalPath || !repo.has(evalPath)) {
      const what = evalPath ? `points at ${evalPath}, which does not exist` : 'is not set'
      findings.push({ file: EVAL_CONFIG, line: lineOfKey(config, 'eval_set'), message: `\`eval_set\` in ${EVAL_CONFIG} ${what}: point it at the JSONL eval set (e.g. evals/qa.jsonl).` })
    } else {
      findings.push(...(await checkEvalSet(repo, evalPath)))
    }
    return sortByLocation(findings)
  },
})

/** What is wrong with one eval entry, or undefined when it is complete. */
function describeEntryProblem(entry: unknown): string | undefined {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return 'is not a JSON object'
  const { id, question, expected_facts: facts, source } = entry as Record<string, unknown>
  if (!(typeof id === 'string' && id !== '') && typeof id !== 'number') return 'has no `id`'
  if (typeof question !== 'string' || question.trim() === '') return 'has no `question`'
  if (!Array.isArray(facts) || !facts.every((fact) => typeof fact === 'string')) return 'needs `expected_facts` as a list of strings'
  if (!(source === null || (typeof source === 'string' && source !== ''))) return 'needs `source`: the document path, or null when the assistant must refuse'
  return undefined
}

async function checkEvalSet(repo: Repo, file: string): Promise<RuleFinding[]> {
  const text = (await repo.read(file)) ?? ''
  const findings: RuleFinding[] = []
  const ids = new Set<unknown>()
  let entries = 0
  let refusals = 0
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    if (raw.trim() === '') continue
    entries++
    const line = index + 1
    let entry: unknown
    try {
      entry = JSON.parse(raw)
    } catch (error) {
      findings.push({ file, line, message: `Line ${line} of ${file} is not JSON (${error instanceof Error ? error.message : String(error)}): write one JSON object per line.` })
      continue
    }
    const problem = describeEntryProblem(entry)
    if (problem) {
      findings.push({ file, line, message: `The entry on line ${line} of ${file} ${problem}: every entry needs id, question, expected_facts and source.` })
      continue
    }
    const { id, source } = entry as { id: unknown; source: unknown }
    if (ids.has(id)) findings.push({ file, line, message: `The entry on line ${line} of ${file} repeats the id ${JSON.stringify(id)}: ids must be unique so reports can be compared across runs.` })
    ids.add(id)
    if (source === null) refusals++
    // Citation correctness is scored against `source`, so it must name a document that exists (anchors allowed).
    else if (typeof source === 'string' && !repo.has(source.replace(/#.*$/, ''))) {
      findings.push({ file, line, message: `The entry on line ${line} of ${file} cites ${source}, which does not exist: fix the path or add the document.` })
    }
  }
  if (entries === 0) return [{ file, ...WHOLE_FILE, message: `${file} holds no entries: add questions with their expected facts and sources, one JSON object per line.` }]
  if (refusals === 0) {
    findings.push({ file, ...WHOLE_FILE, message: `${file} has no entry with \`"source": null\`: add questions the docs do not answer, so the eval checks that the assistant refuses instead of inventing an answer.` })
  }
  return findings
}
