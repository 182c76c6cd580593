import rule from '../../../src/conform/rules/llm-cost-budget.js'
import { ruleTester } from '../helpers.js'
import { EVAL_YAML, LLM_MANIFEST, LLM_YAML, llmProject } from '../llm-fixtures.js'

const EVAL = 'config/eval.yaml'
const LLM = 'config/llm.yaml'

ruleTester(rule, {
  valid: [
    { name: 'a complete LLM project', files: llmProject() },
    { name: 'not an LLM project', files: { 'config/drift.yaml': 'version: 1\n' } },
    { name: 'a free offline model priced at zero', files: llmProject({ [LLM]: LLM_YAML.replace(/gpt-4o-mini/g, 'offline').replace(/: 0\.000\d+/g, ': 0') }) },
  ],
  invalid: [
    { name: 'neither config in a python-llm project', files: { '.opsmith.json': LLM_MANIFEST }, errors: [{ file: EVAL, line: 1 }, { file: LLM, line: 1 }] },
    { name: 'no budget', files: llmProject({ [EVAL]: EVAL_YAML.replace(/budget:[\s\S]*$/, '') }), errors: [{ file: EVAL, line: 1 }] },
    {
      name: 'zero, negative and non-numeric budgets',
      files: llmProject({ [EVAL]: EVAL_YAML.replace('max_cost_usd_per_run: 1.0', 'max_cost_usd_per_run: 0').replace('max_cost_usd_per_query: 0.01', 'max_cost_usd_per_query: "cheap"') }),
      errors: [{ file: EVAL, line: 9 }, { file: EVAL, line: 10 }],
    },
    { name: 'budget is empty', files: llmProject({ [EVAL]: EVAL_YAML.replace(/budget:[\s\S]*$/, 'budget: {}\n') }), errors: [{ file: EVAL, line: 8 }] },
    { name: 'the model has no price', files: llmProject({ [LLM]: LLM_YAML.replace('model: gpt-4o-mini', 'model: gpt-4.1') }), errors: [{ file: LLM, line: 8 }] },
    { name: 'no pricing table', files: llmProject({ [LLM]: LLM_YAML.replace(/pricing:[\s\S]*$/, '') }), errors: [{ file: LLM, line: 3 }] },
    { name: 'no model', files: llmProject({ [LLM]: LLM_YAML.replace('model: gpt-4o-mini\n', '') }), errors: [{ file: LLM, line: 1 }] },
    {
      name: 'a price missing and a negative price',
      files: llmProject({ [LLM]: LLM_YAML.replace('    input_per_1k_tokens_usd: 0.00015\n', '').replace('0.0006', '-1') }),
      errors: [{ file: LLM, line: 9 }, { file: LLM, line: 10 }],
    },
  ],
})
