import { defineRule, type RuleFinding } from '../rule.js'

// Values that are clearly placeholders, not settings someone might fill with a real secret.
const PLACEHOLDER = /^(?:|<[^>]*>|\$\{[^}]*\}|changeme|change-me|xxx+|\.\.\.|your[-_].*|replace[-_].*)$/i

export default defineRule({
  id: 'secrets-env-example-names-only',
  description: '.env.example lists variable names only, with empty or placeholder values',
  severity: 'error',
  refs: ['CIS-4.10'],
  profile: 'base',
  securitySeverity: 7.5,
  docs: {
    why: '`.env.example` is committed, so any value in it is public. Empty values and placeholders (`<...>`, `${...}`, `changeme`, `your-...`) pass; option `allowValues: ["NAME"]` allows harmless defaults.',
    fix: 'Leave the value empty and explain the variable in a comment above it.',
    examples: { language: 'dotenv', bad: 'OPENAI_API_KEY=sk-proj-<real key>\nDATABASE_URL=postgres://app:s3cret@db.internal/app', good: 'OPENAI_API_KEY=\nDATABASE_URL=postgres://user:password@localhost/app' },
  },
  async check({ repo, options }) {
    const allowValues = new Set((options.allowValues as string[] | undefined) ?? [])
    const findings: RuleFinding[] = []
    for (const file of repo.files().filter((candidate) => /(^|\/)\.env\.(example|sample|template)$/.test(candidate))) {
      const lines = ((await repo.read(file)) ?? '').split('\n')
      lines.forEach((text, index) => {
        const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(text)
        if (!match) return
        const [, name = '', raw = ''] = match
        const value = raw.replace(/\s+#.*$/, '').replace(/^(['"])(.*)\1$/, '$2')
        if (PLACEHOLDER.test(value) || allowValues.has(name)) return
        findings.push({ file, line: index + 1, message: `${name} has a value in ${file}: leave it empty (\`${name}=\`) and document it in a comment; real values belong in .env or the secret store.` })
      })
    }
    return findings
  },
})
