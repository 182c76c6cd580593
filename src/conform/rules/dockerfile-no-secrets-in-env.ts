import { defineRule, type RuleFinding } from '../rule.js'
import { instructionsOf, lineOf, readDockerfiles } from '../parse/dockerfile.js'
import type { Arg, Env, Property } from 'dockerfile-ast'
import { DEFAULT_ALLOWED_SECRET_NAMES, detectSecrets, isSecretName } from '../../secrets/index.js'

export default defineRule({
  id: 'dockerfile-no-secrets-in-env',
  description: 'No secret-like names or credential values in ARG or ENV (they stay in the image history)',
  severity: 'error',
  refs: ['CIS-4.10', 'hadolint:DL3064', 'dockle:CIS-DI-0010', 'trivy:DS-0031'],
  profile: 'base',
  securitySeverity: 8.2,
  docs: {
    why: 'ARG and ENV values are stored in the image config and history, readable by anyone who can pull the image. Names are split into words (on `_`, `-`, `.` and camelCase) and match when a word is SECRET, PASSWORD, PASSWD, PASS, TOKEN, APIKEY, CREDENTIALS or PASSPHRASE, or KEY follows API, ACCESS, SECRET, PRIVATE, AUTH, SIGNING, ... (`AUTH_MODE` and `MAX_TOKENS` do not; a last word such as FILE, PATH, URL, NAME or LENGTH makes it a setting: `PASSWORD_FILE`); values are run through the secret detector. `image verify` uses the same heuristic (src/secrets/names.ts). Allowed by default: `TOKENIZERS_PARALLELISM`, `HF_HOME`, `HF_HUB_CACHE`, `HF_HUB_DISABLE_TELEMETRY`, `HF_HUB_OFFLINE`, `TRANSFORMERS_CACHE`, `TRANSFORMERS_OFFLINE`, `PASSWORD_MIN_LENGTH`; option `allow: ["NAME"]` adds more.',
    fix: 'Use `RUN --mount=type=secret,id=<name>` at build time, or read the value at run time from the environment or /run/secrets/<name>.',
    examples: { language: 'dockerfile', bad: 'ARG GITHUB_TOKEN\nENV DATABASE_PASSWORD=hunter2', good: 'RUN --mount=type=secret,id=github_token \\\n    GITHUB_TOKEN="$(cat /run/secrets/github_token)" make fetch' },
  },
  async check({ repo, options }) {
    const allowed = new Set([...DEFAULT_ALLOWED_SECRET_NAMES, ...((options.allow as string[] | undefined) ?? [])])
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
          if (!leaked && !isSecretName(name, allowed)) continue
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
