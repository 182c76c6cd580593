import { isMap, isSeq, type Node } from 'yaml'
import { defineRule, type RuleFinding } from '../rule.js'
import type { Repo } from '../repo.js'
import { detectSecrets } from '../../secrets/index.js'
import { sortByLocation, isLlmProject, promptFiles } from '../parse/llm-project.js'
import { parsePrompt } from '../parse/llm-prompt.js'
import { lineOfNode, readYaml, scalarText, type ParsedYaml } from '../parse/yaml.js'

const CONFIG_GLOB = 'config/**/*.{yaml,yml}'
// Keys that name a credential; `<name>_secret` keys are the allowed indirection and hold a secret NAME.
const CREDENTIAL_KEY = /(^|[_-])(api[_-]?key|key|token|password|passwd|secret|credentials?)$/i
const SECRET_NAME_KEY = /.[_-]secret$/i
const SECRET_NAME = /^[A-Z][A-Z0-9_]*$/
// URLs that carry a key in their query string (`?api_key=...`, `&token=...`).
const KEY_IN_URL = /[?&](api[_-]?key|key|token|access[_-]?token|sig|signature)=[^&\s]+/i
// Generic assignments and bearer tokens in prompt text, which vendor-specific detectors miss.
const KEY_IN_TEXT = /\b(?:api[_-]?key|token|password|secret)\s*[:=]\s*["']?(?=[^\s"']*\d)[A-Za-z0-9_\-./+=]{16,}|\bBearer\s+(?=[^\s]*\d)[A-Za-z0-9_\-.~+/=]{16,}/i

export default defineRule({
  id: 'llm-no-inline-keys',
  description: 'LLM configs and prompts hold no API key or token: only secret names (`api_key_secret: NAME`)',
  severity: 'error',
  refs: ['OWASP-LLM:LLM02', 'OWASP-LLM:LLM07'],
  profile: 'llm',
  securitySeverity: 9.1,
  docs: {
    why: 'A key in config/llm.yaml or a prompt leaks through the repository, and a key in a prompt is sent to the provider and logged with every request (OWASP LLM02 and LLM07). In config/**/*.yaml and prompt front matter, keys named `api_key`, `*_key`, `token`, `password`, `secret` or `credentials` must be empty; `*_secret` keys must hold a secret NAME (`^[A-Z][A-Z0-9_]*$`), read from the environment or /run/secrets (REFERENCE section 3); URLs must not carry `?api_key=`/`token=` parameters; prompt bodies must not hold `api_key = ...` assignments or `Bearer` tokens. Vendor-format credentials (OpenAI, Anthropic, GitHub, ...) are reported by `secrets-no-credentials`, which scans every file, and not repeated here.',
    fix: 'Remove the value, revoke the key, and write `api_key_secret: OPENAI_API_KEY` (the name) with the value in `.env` or a secret store.',
    examples: { language: 'yaml', bad: '# config/llm.yaml\nprovider: openai\napi_key: sk-proj-<key>', good: '# config/llm.yaml\nprovider: openai\napi_key_secret: OPENAI_API_KEY' },
  },
  async check({ repo, project }) {
    if (!isLlmProject(repo, project.record)) return []
    const findings: RuleFinding[] = []
    for (const file of repo.glob(CONFIG_GLOB)) {
      const parsed = await readYaml(repo, file)
      if (parsed && !parsed.error) findings.push(...findInlineKeys(parsed, parsed.root, 0))
    }
    for (const { file, valid } of promptFiles(repo)) {
      const text = valid ? await repo.read(file) : undefined
      const prompt = text === undefined ? undefined : parsePrompt(file, text)
      if (!prompt || 'problem' in prompt) continue
      if (!prompt.frontMatter.error) findings.push(...findInlineKeys(prompt.frontMatter, prompt.frontMatter.root, prompt.frontMatterOffset))
      for (const { line, text: lineText } of prompt.body) {
        if (KEY_IN_TEXT.test(lineText)) findings.push({ file, line, message: `${file} line ${line} holds what looks like a key or token: prompts are sent to the provider and logged, so never put credentials in them; remove it and revoke it.` })
      }
    }
    return sortByLocation(await dropDetected(repo, findings))
  },
})

/** Findings for credential-named keys with values, bad secret names and keys in URLs, anywhere in a YAML tree. */
function findInlineKeys(parsed: ParsedYaml, node: unknown, offset: number): RuleFinding[] {
  if (isSeq(node)) return node.items.flatMap((item) => findInlineKeys(parsed, item, offset))
  if (!isMap(node)) return []
  const findings: RuleFinding[] = []
  const at = { file: parsed.file }
  for (const pair of node.items) {
    const key = scalarText(pair.key) ?? ''
    const value = scalarText(pair.value)
    const line = lineOfNode(parsed, pair.key as Node) + offset
    if (SECRET_NAME_KEY.test(key)) {
      if (value !== undefined && !SECRET_NAME.test(value)) findings.push({ ...at, line, message: `\`${key}\` in ${parsed.file} must hold the NAME of a secret (like OPENAI_API_KEY), read from the environment or /run/secrets; it holds something else: move the value into the secret store and write its name here.` })
    } else if (CREDENTIAL_KEY.test(key) && value !== undefined && value !== '') {
      findings.push({ ...at, line, message: `\`${key}\` in ${parsed.file} holds a value: never write a key or token into config or prompts; use \`${key}_secret: <SECRET_NAME>\` and set the secret in the environment.` })
    } else if (value !== undefined && KEY_IN_URL.test(value)) {
      findings.push({ ...at, line, message: `\`${key}\` in ${parsed.file} is a URL carrying a key in its query string: drop the parameter and send the key from a secret instead.` })
    }
    findings.push(...findInlineKeys(parsed, pair.value, offset))
  }
  return findings
}

// secrets-no-credentials already reports vendor-format credentials on every file: leave those lines to it.
async function dropDetected(repo: Repo, findings: RuleFinding[]): Promise<RuleFinding[]> {
  const detected = new Set<string>()
  for (const file of new Set(findings.map((finding) => finding.file ?? ''))) {
    for (const secret of await detectSecrets((await repo.read(file)) ?? '', file)) detected.add(`${file}:${secret.line}`)
  }
  return findings.filter((finding) => !detected.has(`${finding.file ?? ''}:${finding.line ?? 0}`))
}
