import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { appendIgnoreLines, firstNegatingLine } from '../parse/ignore-file.js'

// Local env files hold real values; templates of them (names only) may be committed.
const ENV_FILE = /(^|\/)\.env(\.[^/]+)?$/
const ENV_TEMPLATE = /\.(example|sample|template|dist)$/
const PROBES = ['.env', '.env.local', '.env.production']
const PATTERNS = ['.env', '.env.*', '!.env.example']
// Folders of test data and example apps: a .env there is a fixture the project commits on purpose (vite's env
// loader tests, flask's test apps). The secrets rule still reads it: a real credential in it is still reported.
const FIXTURE_FOLDER = /(^|\/)(tests?|__tests__|specs?|e2e|fixtures?|__fixtures__|testdata|test[-_]data|playgrounds?|examples?)\//

export default defineRule({
  id: 'secrets-env-ignored',
  description: '.env and its variants are ignored by git and not tracked (.env.example excepted)',
  severity: 'error',
  refs: ['CIS-4.10', 'gitleaks'],
  profile: 'base',
  securitySeverity: 7.5,
  docs: {
    why: '`.env` files hold real credentials; they must be ignored and never tracked (`.env.example` and similar templates excepted, and fixtures under test, fixture, playground and example folders, whose content the secrets rule still scans).',
    fix: 'Auto-fixed: `--fix` appends `.env`, `.env.*`, `!.env.example` to .gitignore. A tracked .env needs `git rm --cached <file>` and every value in it rotated.',
    examples: { language: 'gitignore', bad: '# .gitignore\nnode_modules/', good: '# .gitignore\nnode_modules/\n.env\n.env.*\n!.env.example' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    const envFiles = repo.files().filter((candidate) => candidate.includes('.env') && ENV_FILE.test(candidate) && !ENV_TEMPLATE.test(candidate) && !FIXTURE_FOLDER.test(candidate))
    const ignored = await repo.ignoredAmong([...PROBES, ...envFiles])
    const notIgnored = PROBES.filter((probe) => !ignored.has(probe))
    if (notIgnored.length > 0) {
      const text = (await repo.read('.gitignore')) ?? ''
      const content = appendIgnoreLines(text, PATTERNS, 'Local environment files hold secrets')
      // At the root .gitignore's `!pattern` line that un-ignores one; a merely missing entry has no line.
      findings.push({
        file: '.gitignore',
        ...firstNegatingLine(text, notIgnored),
        message: `.gitignore does not ignore ${notIgnored.join(', ')}: add \`.env\`, \`.env.*\` and \`!.env.example\` so local secrets are never committed.`,
        fix: { kind: 'write', file: '.gitignore', content, description: 'Add .env patterns to .gitignore' },
      })
    }
    for (const file of envFiles) {
      if (!repo.isTracked(file) && ignored.has(file)) continue
      findings.push({
        file,
        ...WHOLE_FILE,
        message: `${file} ${repo.isTracked(file) ? 'is tracked by git' : 'is not ignored'}: ${repo.isTracked(file) ? `run \`git rm --cached ${file}\`, rotate every value in it, and ` : ''}keep it out of the repository (names go in .env.example).`,
      })
    }
    return findings
  },
})
