import { isScalar, type Node } from 'yaml'
import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import type { Repo } from '../repo.js'
import { sortByLocation, EVAL_CONFIG, isLlmProject, LLM_CONFIG, lineOfKey, readConfig } from '../parse/llm-project.js'
import { lineOfNode, pairOf, pairsOf, scalarText } from '../parse/yaml.js'

/** Prices the eval runner needs to turn token counts into dollars. */
const PRICE_KEYS = ['input_per_1k_tokens_usd', 'output_per_1k_tokens_usd']

function numberOf(node: Node | null | undefined): number | undefined {
  const value = isScalar(node) ? node.value : undefined
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export default defineRule({
  id: 'llm-cost-budget',
  description: 'A cost budget is set in config/eval.yaml and config/llm.yaml prices the configured model',
  severity: 'error',
  refs: ['OWASP-LLM:LLM10'],
  profile: 'llm',
  docs: {
    why: 'LLM calls cost money per token; without a budget a runaway eval, loop or prompt change spends until someone reads the bill (OWASP LLM10, unbounded consumption). Checks that config/eval.yaml\'s `budget` is a non-empty map of positive dollar amounts (`max_cost_usd_per_run`, `max_cost_usd_per_query`) and that config/llm.yaml\'s `pricing` has an entry for its `model` with `input_per_1k_tokens_usd` and `output_per_1k_tokens_usd` (0 or more), so the eval runner can compute cost.',
    fix: 'Add `budget: { max_cost_usd_per_run: 1.0, max_cost_usd_per_query: 0.01 }` to config/eval.yaml and a `pricing` entry for the model from the provider\'s price list.',
    examples: { language: 'yaml', bad: '# config/eval.yaml\nthresholds:\n  faithfulness: 0.8', good: '# config/eval.yaml (config/llm.yaml prices the model)\nthresholds:\n  faithfulness: 0.8\nbudget:\n  max_cost_usd_per_run: 1.0\n  max_cost_usd_per_query: 0.01' },
  },
  async check({ repo, project }) {
    if (!isLlmProject(repo, project.record)) return []
    return sortByLocation([...(await checkBudget(repo)), ...(await checkPricing(repo))])
  },
})

async function checkBudget(repo: Repo): Promise<RuleFinding[]> {
  const { config, problem } = await readConfig(repo, EVAL_CONFIG, 'a `budget` (max_cost_usd_per_run, max_cost_usd_per_query)')
  if (!config) return [{ file: EVAL_CONFIG, ...WHOLE_FILE, message: `No cost budget can be read: ${problem}` }]
  const budget = pairsOf(pairOf(config.root, 'budget')?.value)
  if (budget.length === 0) {
    return [{ file: EVAL_CONFIG, line: lineOfKey(config, 'budget'), message: `${EVAL_CONFIG} sets no cost \`budget\`: add e.g. \`budget: { max_cost_usd_per_run: 1.0, max_cost_usd_per_query: 0.01 }\` so a runaway eval or prompt fails instead of spending.` }]
  }
  const findings: RuleFinding[] = []
  for (const limit of budget) {
    const value = numberOf(limit.value)
    if (value !== undefined && value > 0) continue
    findings.push({ file: EVAL_CONFIG, line: lineOfNode(config, limit), message: `Budget \`${scalarText(limit.key) ?? ''}\` in ${EVAL_CONFIG} must be a positive number of dollars: fix the value.` })
  }
  return findings
}

async function checkPricing(repo: Repo): Promise<RuleFinding[]> {
  const { config, problem } = await readConfig(repo, LLM_CONFIG, 'the provider, model, secret name of the API key and a price table')
  if (!config) return [{ file: LLM_CONFIG, ...WHOLE_FILE, message: `No price table can be read: ${problem}` }]
  const model = scalarText(pairOf(config.root, 'model')?.value)
  if (!model) return [{ file: LLM_CONFIG, line: lineOfKey(config, 'model'), message: `${LLM_CONFIG} names no \`model\`: set the model the assistant calls, and price it under \`pricing\`.` }]
  const pricing = pairOf(config.root, 'pricing')
  const entry = pairsOf(pricing?.value).find((pair) => scalarText(pair.key) === model)
  if (!entry) {
    return [{ file: LLM_CONFIG, line: pricing ? lineOfNode(config, pricing) : lineOfKey(config, 'model'), message: `${LLM_CONFIG} has no \`pricing\` entry for the model \`${model}\`: add \`${model}: { input_per_1k_tokens_usd, output_per_1k_tokens_usd }\` so eval runs can compute their cost.` }]
  }
  const findings: RuleFinding[] = []
  for (const key of PRICE_KEYS) {
    const price = pairOf(entry.value, key)
    const value = numberOf(price?.value)
    if (value !== undefined && value >= 0) continue
    findings.push({ file: LLM_CONFIG, line: lineOfNode(config, price ?? entry), message: `The price of \`${model}\` in ${LLM_CONFIG} needs \`${key}\` as a number of dollars (0 or more): add it from the provider's price list.` })
  }
  return findings
}
