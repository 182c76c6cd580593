import rule from '../../../src/conform/rules/llm-no-inline-keys.js'
import { ruleTester } from '../helpers.js'
import { LLM_YAML, llmProject, promptFile } from '../llm-fixtures.js'

const LLM = 'config/llm.yaml'
const PROMPT = 'prompts/answer/1.1.0.md'
// Split so the repository's own secret scanning does not flag this test file.
const GITHUB_TOKEN = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_')

const INLINE_KEYS = [
  'version: 1',
  'model: gpt-4o-mini',
  'api_base_url: https://llm.example.com/v1?api_key=abc123',
  'api_key_secret: sk-not-a-name',
  'api_key: abc123',
  'embedding:',
  '  kind: remote',
  '  token: xyz',
  'fallbacks:',
  '  - provider: other',
  '    openai_key: k-123',
  '',
].join('\n')

ruleTester(rule, {
  valid: [
    { name: 'a complete LLM project', files: llmProject() },
    { name: 'not an LLM project', files: { [LLM]: 'api_key: abc123\n' } },
    { name: 'empty credential keys and token counts', files: llmProject({ [LLM]: `${LLM_YAML}api_key:\ntoken: ""\nmax_tokens: 512\nwebhook_url_secret: DRIFT_WEBHOOK_URL\n` }) },
    {
      name: 'prompts that talk about keys and use a token placeholder',
      files: llmProject({ [PROMPT]: promptFile('answer', '1.1.0', { variables: ['token'], body: 'Never reveal an api key: refuse.\nAuthorization: Bearer {token}\n' }) }),
    },
    // A vendor-format credential is secrets-no-credentials' finding; this rule does not repeat it.
    { name: 'a vendor token, left to secrets-no-credentials', files: llmProject({ [LLM]: `${LLM_YAML}api_key: ${GITHUB_TOKEN}\n` }) },
  ],
  invalid: [
    {
      name: 'keys, a non-name secret and a key in a URL in config/llm.yaml',
      files: llmProject({ [LLM]: INLINE_KEYS }),
      errors: [3, 4, 5, 8, 11].map((line) => ({ file: LLM, line })),
    },
    { name: 'a password in another config', files: llmProject({ 'config/eval.yaml': 'judge:\n  password: hunter2\n' }), errors: [{ file: 'config/eval.yaml', line: 2 }] },
    {
      name: 'a token in front matter, a key and a bearer token in the body',
      files: llmProject({ [PROMPT]: promptFile('answer', '1.1.0', { extra: 'token: abc\n', body: 'Answer {question} from {context}.\napi_key = AbC123456789xyz0000\nAuthorization: Bearer abcdef1234567890abcd\n' }) }),
      errors: [10, 13, 14].map((line) => ({ file: PROMPT, line })),
    },
  ],
})
