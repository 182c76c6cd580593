import { defineRule } from '../rule.js'
import type { Repo } from '../repo.js'
import { readDockerfiles, type ParsedDockerfile } from '../parse/dockerfile.js'
import { appendIgnoreLines, firstNegatingLine, ignoredProbes } from '../parse/ignore-file.js'

// Paths that must never reach the build context: history (and its secrets) and local env files.
const REQUIRED: Array<{ probe: string; pattern: string }> = [
  { probe: '.git/', pattern: '.git' },
  { probe: '.env', pattern: '.env' },
  { probe: '.env.local', pattern: '.env.*' },
]

// A build that needs the history: the Python package takes its version from git tags (setuptools-scm and its
// kin run `git describe` inside `pip install .`), or a Dockerfile copies or mounts .git itself. Excluding .git
// would break the build, so .git is not asked for there; the .env entries still are.
const VCS_VERSIONING = /\b(?:setuptools[-_]scm|hatch[-_]vcs|versioningit|poetry[-_]dynamic[-_]versioning|dunamai|pbr)\b/
const PYTHON_BUILD_FILES = ['pyproject.toml', 'setup.cfg', 'setup.py']
const USES_GIT_FOLDER = /^\s*(?:COPY|ADD)\b[^\n]*\s\.git\/?\s|\b(?:source|src)=\.git\b/im

async function buildNeedsHistory(repo: Repo, dockerfiles: ParsedDockerfile[]): Promise<boolean> {
  if (dockerfiles.some((parsed) => USES_GIT_FOLDER.test(parsed.text))) return true
  for (const file of PYTHON_BUILD_FILES) if (VCS_VERSIONING.test((await repo.read(file)) ?? '')) return true
  return false
}

export default defineRule({
  id: 'dockerignore-entries',
  description: '.dockerignore keeps .git and .env files out of the build context',
  severity: 'error',
  refs: ['dockle:DKL-LI-0003', 'CIS-4.10'],
  profile: 'base',
  securitySeverity: 6.2,
  docs: {
    why: 'The build context is sent to the builder and easily copied into the image by `COPY . .`: `.git` carries history (and every secret ever committed), `.env` carries local credentials. Checked when the repo has a Dockerfile. A build that needs the history (a Python package versioned by setuptools-scm, hatch-vcs, versioningit, poetry-dynamic-versioning, dunamai or pbr; a Dockerfile that copies or mounts `.git`) is asked for the `.env` entries only.',
    fix: 'Auto-fixed: `opsmith conform --fix` appends the missing `.git`, `.env`, `.env.*` entries (creating .dockerignore if needed).',
    examples: { language: 'gitignore', bad: '# .dockerignore\nnode_modules', good: '# .dockerignore\nnode_modules\n.git\n.env\n.env.*' },
  },
  async check({ repo }) {
    const dockerfiles = await readDockerfiles(repo)
    if (dockerfiles.length === 0) return []
    const required = (await buildNeedsHistory(repo, dockerfiles)) ? REQUIRED.filter(({ pattern }) => pattern !== '.git') : REQUIRED
    const text = (await repo.read('.dockerignore')) ?? ''
    const excluded = ignoredProbes(text, required.map(({ probe }) => probe))
    const missing = required.filter(({ probe }) => !excluded.has(probe))
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
