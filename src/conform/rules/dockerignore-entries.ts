import { defineRule } from '../rule.js'
import { readDockerfiles } from '../parse/dockerfile.js'
import { appendIgnoreLines, firstNegatingLine, ignoredProbes } from '../parse/ignore-file.js'

// Paths that must never reach the build context: history (and its secrets) and local env files.
const REQUIRED: Array<{ probe: string; pattern: string }> = [
  { probe: '.git/', pattern: '.git' },
  { probe: '.env', pattern: '.env' },
  { probe: '.env.local', pattern: '.env.*' },
]

export default defineRule({
  id: 'dockerignore-entries',
  description: '.dockerignore keeps .git and .env files out of the build context',
  severity: 'error',
  refs: ['dockle:DKL-LI-0003', 'CIS-4.10'],
  profile: 'base',
  securitySeverity: 6.2,
  docs: {
    why: 'The build context is sent to the builder and easily copied into the image by `COPY . .`: `.git` carries history (and every secret ever committed), `.env` carries local credentials. Checked when the repo has a Dockerfile.',
    fix: 'Auto-fixed: `opsmith conform --fix` appends the missing `.git`, `.env`, `.env.*` entries (creating .dockerignore if needed).',
    examples: { language: 'gitignore', bad: '# .dockerignore\nnode_modules', good: '# .dockerignore\nnode_modules\n.git\n.env\n.env.*' },
  },
  async check({ repo }) {
    if ((await readDockerfiles(repo)).length === 0) return []
    const text = (await repo.read('.dockerignore')) ?? ''
    const excluded = ignoredProbes(text, REQUIRED.map(({ probe }) => probe))
    const missing = REQUIRED.filter(({ probe }) => !excluded.has(probe))
    if (missing.length === 0) return []
    const patterns = missing.map(({ pattern }) => pattern)
    const exists = repo.has('.dockerignore')
    const content = appendIgnoreLines(text, patterns)
    // At the `!pattern` line that lets one through; a merely missing entry has no line (the finding is about the file).
    return [
      {
        file: '.dockerignore',
        ...firstNegatingLine(text, missing.map(({ probe }) => probe)),
        message: `${exists ? '.dockerignore does not exclude' : 'There is no .dockerignore to exclude'} ${patterns.map((pattern) => `\`${pattern}\``).join(', ')}: add ${patterns.length > 1 ? 'them' : 'it'} so history and local secrets never reach the build context.`,
        fix: { kind: 'write', file: '.dockerignore', content, description: `Add ${patterns.join(', ')} to .dockerignore` },
      },
    ]
  },
})
