import { defineRule, type RuleFinding } from '../rule.js'
import { detectSecrets, hasSecretKeyword } from '../../secrets/index.js'

// secretlint's masked messages read "found GitHub Token(****): ****"; keep the kind, drop the stars.
function describe(message: string): string {
  const kind = message.replace(/\(\*+\)/g, '').replace(/:\s*\*+\s*$/, '').replace(/^found /i, '')
  return `Found a ${kind}`
}

export default defineRule({
  id: 'secrets-no-credentials',
  description: 'No credentials (cloud, GitHub, OpenAI, Anthropic, Hugging Face tokens, private keys, DB URLs with passwords) in the repository',
  severity: 'error',
  refs: ['CIS-4.10', 'trivy:secret', 'gitleaks', 'secretlint:preset-recommend'],
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const file of repo.files()) {
      const bytes = repo.readTextBytes(file)
      // Keywords are ASCII, so the cheap latin1 view decides; only candidates are decoded and scanned.
      if (!bytes || !hasSecretKeyword(bytes.toString('latin1'))) continue
      for (const secret of await detectSecrets(bytes.toString('utf8'), file)) {
        findings.push({
          file,
          line: secret.line,
          column: secret.column,
          message: `${describe(secret.message)} (${secret.ruleId.replace('@secretlint/secretlint-rule-', '')}): revoke it, remove it from the file and its history, and read it from the environment or /run/secrets instead.`,
        })
      }
    }
    return findings
  },
})
