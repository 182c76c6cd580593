import { defineRule, type RuleFinding } from '../rule.js'
import { instructionsOf, lineOf, readDockerfiles } from '../parse/dockerfile.js'
import type { Arg, Env, Property } from 'dockerfile-ast'
import { detectSecrets } from '../../secrets/index.js'

// Words that make a variable name secret-like; names are split on `_` so TOKENIZERS_PARALLELISM is not TOKEN.
const SECRET_WORDS = new Set(['SECRET', 'SECRETS', 'PASSWORD', 'PASSWD', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATE'])
const SECRET_PAIRS = ['API_KEY', 'ACCESS_KEY', 'SECRET_KEY', 'PRIVATE_KEY', 'AUTH_KEY']
/** Names that look secret-like but are not (README documents the list; `allow` extends it). */
export const DEFAULT_ALLOWED_NAMES = ['TOKENIZERS_PARALLELISM', 'HF_HOME', 'HF_HUB_CACHE', 'HF_HUB_DISABLE_TELEMETRY', 'TRANSFORMERS_CACHE', 'PASSWORD_MIN_LENGTH']

function isSecretLikeName(name: string): boolean {
  const upper = name.toUpperCase()
  return upper.split(/[_\-.]/).some((word) => SECRET_WORDS.has(word)) || SECRET_PAIRS.some((pair) => upper.includes(pair))
}

export default defineRule({
  id: 'dockerfile-no-secrets-in-env',
  description: 'No secret-like names or credential values in ARG or ENV (they stay in the image history)',
  severity: 'error',
  refs: ['CIS-4.10', 'hadolint:DL3064', 'dockle:CIS-DI-0010', 'trivy:DS-0031'],
  async check({ repo, options }) {
    const allowed = new Set([...DEFAULT_ALLOWED_NAMES, ...((options.allow as string[] | undefined) ?? [])])
    const findings: RuleFinding[] = []
    for (const parsed of await readDockerfiles(repo)) {
      const instructions = [...parsed.dockerfile.getInitialARGs(), ...instructionsOf(parsed, 'ARG').map((item) => item.instruction), ...instructionsOf(parsed, 'ENV').map((item) => item.instruction)]
      for (const instruction of instructions) {
        const keyword = instruction.getKeyword()
        const properties: Property[] = keyword === 'ENV' ? (instruction as Env).getProperties() : [(instruction as Arg).getProperty()].filter((property): property is Property => property !== null)
        for (const property of properties) {
          const name = property.getName()
          const value = property.getValue() ?? ''
          const leaked = value !== '' && (await detectSecrets(`${name}=${value}\n`, parsed.file)).length > 0
          if (!leaked && (allowed.has(name) || !isSecretLikeName(name))) continue
          findings.push({
            file: parsed.file,
            line: lineOf(instruction),
            message: `${keyword} ${name} ${leaked ? 'holds a credential' : 'looks like a secret'}: ${keyword} values stay in the image history. Pass it at build time with \`RUN --mount=type=secret,id=${name.toLowerCase()}\` or at run time from the environment / /run/secrets.`,
          })
        }
      }
    }
    return findings
  },
})
