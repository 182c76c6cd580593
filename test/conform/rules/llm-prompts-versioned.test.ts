import rule from '../../../src/conform/rules/llm-prompts-versioned.js'
import { ruleTester } from '../helpers.js'
import { LLM_MANIFEST, llmProject, promptFile, without } from '../llm-fixtures.js'

const REGISTRY = 'prompts/registry.yaml'
const NEXT = 'prompts/answer/1.1.0.md'

ruleTester(rule, {
  valid: [
    { name: 'a complete LLM project', files: llmProject() },
    { name: 'not an LLM project (python-ml, plain repo)', files: { 'models/registry.yaml': 'models: {}\n', 'README.md': '# x {undeclared}\n' } },
    { name: 'string.Template placeholders and $$ escapes', files: llmProject({ [NEXT]: promptFile('answer', '1.1.0', { body: 'Answer $question from ${context}; it costs $$5.\n' }) }) },
    { name: 'MLflow double-brace placeholders', files: llmProject({ [NEXT]: promptFile('answer', '1.1.0', { body: 'Answer {{ question }} from {{context}}.\n' }) }) },
    { name: 'no variables at all', files: llmProject({ [NEXT]: '---\nid: answer\nversion: 1.1.0\nmodel: gpt-4o-mini\nvariables: []\n---\nSay hello.\n' }) },
    {
      name: 'a deprecated version nobody points at',
      files: llmProject({ [NEXT]: promptFile('answer', '1.1.0'), [REGISTRY]: 'prompts:\n  answer:\n    aliases:\n      production: "1.1.0"\n    deprecated: ["1.0.0"]\n' }),
    },
  ],
  invalid: [
    {
      name: 'files that are not prompts/<id>/<semver>.md',
      files: llmProject({ 'prompts/answer/v1.1.0.md': 'x', 'prompts/answer/1.1.md': 'x', 'prompts/Answer/1.0.0.md': 'x', 'prompts/answer/old/1.0.0.md': 'x', 'prompts/answer/2.0.0.yaml': 'x' }),
      errors: [
        { file: 'prompts/Answer/1.0.0.md', line: 1 },
        { file: 'prompts/answer/1.1.md', line: 1 },
        { file: 'prompts/answer/2.0.0.yaml', line: 1 },
        { file: 'prompts/answer/old/1.0.0.md', line: 1 },
        { file: 'prompts/answer/v1.1.0.md', line: 1 },
      ],
    },
    {
      name: 'id and version disagree with the path',
      files: llmProject({ [NEXT]: promptFile('other', '1.0.0') }),
      errors: [{ file: NEXT, line: 2 }, { file: NEXT, line: 3 }],
    },
    {
      name: 'no model, no variables list',
      files: llmProject({ [NEXT]: '---\nid: answer\nversion: 1.1.0\nmodel: ""\nvariables: question\n---\nAnswer {question}.\n' }),
      errors: [{ file: NEXT, line: 4 }, { file: NEXT, line: 5 }],
    },
    {
      name: 'an undeclared placeholder and an unused variable',
      files: llmProject({ [NEXT]: promptFile('answer', '1.1.0', { variables: ['question', 'tone'] }) }),
      errors: [{ file: NEXT, line: 9 }, { file: NEXT, line: 13 }],
    },
    {
      name: 'no, unclosed and unparsable front matter',
      files: llmProject({ [NEXT]: 'Answer {question}.\n', 'prompts/answer/1.2.0.md': '---\nid: answer\n', 'prompts/answer/1.3.0.md': '---\nid: [\n---\nx\n' }),
      errors: [{ file: NEXT, line: 1 }, { file: 'prompts/answer/1.2.0.md', line: 1 }, { file: 'prompts/answer/1.3.0.md', line: 2 }],
    },
    {
      name: 'aliases to a missing and to a deprecated version',
      files: llmProject({ [REGISTRY]: 'prompts:\n  answer:\n    aliases:\n      production: "1.0.0"\n      staging: "2.0.0"\n    deprecated: ["1.0.0"]\n' }),
      errors: [{ file: REGISTRY, line: 4 }, { file: REGISTRY, line: 5 }],
    },
    { name: 'no registry', files: without(llmProject(), REGISTRY), errors: [{ file: REGISTRY, line: 1 }] },
    { name: 'unparsable registry', files: llmProject({ [REGISTRY]: 'prompts: [\n' }), errors: [{ file: REGISTRY, line: 2 }] },
    { name: 'a python-llm project without prompts', files: { '.opsmith.json': LLM_MANIFEST }, errors: [{ file: REGISTRY, line: 1 }] },
  ],
})
