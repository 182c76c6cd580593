import { defineRule, type RuleFinding } from '../rule.js'
import { instructionsOf, lineOf, readDockerfiles } from '../parse/dockerfile.js'
import type { Arg, Env, Property } from 'dockerfile-ast'
import { DEFAULT_ALLOWED_SECRET_NAMES, detectSecrets, isSecretName } from '../../secrets/index.js'

export default defineRule({
  id: 'dockerfile-no-secrets-in-env',
  description: 'No secret-like names or credential values in ARG or ENV (they stay in the image history)',
  severity: 'error',
  refs: ['CIS-4.10', 'hadolint:DL3064', 'dockle:CIS-DI-0010', 'trivy:DS-0031'],
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
