import rule from '../../../src/conform/rules/llm-eval-configured.js'
import { ruleTester } from '../helpers.js'
import { EVAL_YAML, evalLine, LLM_MANIFEST, llmProject, without } from '../llm-fixtures.js'

const CONFIG = 'config/eval.yaml'
const SET = 'evals/qa.jsonl'

ruleTester(rule, {
  valid: [
    { name: 'a complete LLM project', files: llmProject() },
    { name: 'not an LLM project', files: { 'config/drift.yaml': 'version: 1\n' } },
    { name: 'blank lines, numeric ids and anchored sources', files: llmProject({ [SET]: `\n${evalLine('q1', 'docs/install.md#pip')}\n\n${JSON.stringify({ id: 7, question: 'Weather?', expected_facts: [], source: null })}\n` }) },
  ],
  invalid: [
    { name: 'no config/eval.yaml in a python-llm project', files: { '.opsmith.json': LLM_MANIFEST }, errors: [{ file: CONFIG, line: 1 }] },
    { name: 'unparsable config', files: llmProject({ [CONFIG]: 'thresholds: [\n' }), errors: [{ file: CONFIG, line: 1 }] },
    { name: 'config is not a mapping', files: llmProject({ [CONFIG]: '- 1\n' }), errors: [{ file: CONFIG, line: 1 }] },
    {
      name: 'thresholds out of range or not numbers',
      files: llmProject({ [CONFIG]: EVAL_YAML.replace('fact_recall: 0.8', 'fact_recall: 80').replace('refusal_accuracy: 0.9', 'refusal_accuracy: high').replace('latency_p95_ms: 2000', 'latency_p95_ms: 0') }),
      errors: [{ file: CONFIG, line: 4 }, { file: CONFIG, line: 6 }, { file: CONFIG, line: 7 }],
    },
    { name: 'no thresholds', files: llmProject({ [CONFIG]: 'version: 1\neval_set: evals/qa.jsonl\nthresholds: {}\n' }), errors: [{ file: CONFIG, line: 3 }] },
    { name: 'eval set missing', files: without(llmProject(), SET), errors: [{ file: CONFIG, line: 2 }] },
    { name: 'eval set not configured', files: llmProject({ [CONFIG]: EVAL_YAML.replace('eval_set: evals/qa.jsonl\n', '') }), errors: [{ file: CONFIG, line: 1 }] },
    { name: 'empty eval set', files: llmProject({ [SET]: '\n\n' }), errors: [{ file: SET, line: 1 }] },
    { name: 'no refusal entry', files: llmProject({ [SET]: `${evalLine('q1', 'docs/install.md')}\n` }), errors: [{ file: SET, line: 1 }] },
    {
      name: 'bad entries on their exact lines',
      files: llmProject({
        [SET]: [
          evalLine('q1', 'docs/install.md'),
          '{"id": "q2", "question": "broken"',
          evalLine('q3', 'docs/install.md', { expected_facts: 'one fact' }),
          evalLine('q4', 'docs/install.md', { source: undefined }),
          evalLine('q5', null, { question: ' ' }),
          evalLine('q1', null),
          evalLine('q6', 'docs/missing.md'),
          '[1, 2]',
          '',
        ].join('\n'),
      }),
      errors: [2, 3, 4, 5, 6, 7, 8].map((line) => ({ file: SET, line })),
    },
  ],
})
