import { defineRule, type RuleFinding } from '../rule.js'
import type { Repo } from '../repo.js'
import { detectSecrets, detectSecretsInChunks, hasSecretKeywordInBytes, isMostlyText, type SecretFinding } from '../../secrets/index.js'

const SNIFF_BYTES = 8000

// Every file is scanned: text as a whole, text with a stray NUL byte (which git calls binary) as
// text, and text larger than the read limit in overlapping chunks. Real binaries cost one 8 KB read.
async function scanFile(repo: Repo, file: string): Promise<SecretFinding[]> {
  const size = repo.sizes().get(file) ?? 0
  if (size > repo.maxFileBytes) {
    const sniff = repo.readBytesAt(file, 0, SNIFF_BYTES)
    if (!sniff || !isMostlyText(sniff)) return []
    return detectSecretsInChunks((position, length) => repo.readBytesAt(file, position, length) ?? Buffer.alloc(0), size, file)
  }
  let bytes = repo.readTextBytes(file)
  if (!bytes) {
    if (repo.skipped.has(file)) return []
    const sniff = repo.readBytesAt(file, 0, SNIFF_BYTES)
    if (!sniff || !isMostlyText(sniff)) return []
    bytes = repo.readBytesAt(file, 0, size)
    if (!bytes) return []
  }
  // Keywords are ASCII, so the bytes decide; only candidates are decoded and scanned.
  if (!hasSecretKeywordInBytes(bytes)) return []
  return detectSecrets(bytes.toString('utf8').replaceAll('\0', ' '), file)
}

export default defineRule({
  id: 'secrets-no-credentials',
  description: 'No credentials (cloud, git hosts, AI providers, payment and chat tokens, JWTs, private keys, DB URLs with passwords) in the repository',
  severity: 'error',
  refs: ['CIS-4.10', 'trivy:secret', 'gitleaks', 'secretlint:preset-recommend'],
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const file of repo.files()) {
      for (const secret of await scanFile(repo, file)) {
        findings.push({
          file,
          line: secret.line,
          column: secret.column,
          message: `${secret.message.replace(/\.$/, '')} (${secret.ruleId.replace(/^@secretlint\/secretlint-rule-|^opsmith\//, '')}): revoke it, remove it from the file and its history, and read it from the environment or /run/secrets instead.`,
        })
      }
    }
    return findings
  },
})
