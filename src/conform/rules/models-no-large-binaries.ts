import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'

const DEFAULT_MAX_MB = 10

export default defineRule({
  id: 'models-no-large-binaries',
  description: 'No large binary files in plain git (use Git LFS, DVC or an artifact store)',
  severity: 'error',
  refs: ['DVC:data-versioning', 'GitHub:large-files'],
  profile: 'ml',
  docs: {
    why: 'Large binaries bloat every clone forever and cannot be removed without rewriting history. Binary files (NUL byte) over 10 MB (option `maxMegabytes`) that are not stored with Git LFS (`filter=lfs`) are reported.',
    fix: 'Track them with Git LFS or DVC, or keep them in an artifact store and record the sha256 in model.json.',
    examples: { language: 'gitattributes', bad: '# .gitattributes: nothing; models/churn/1.2.0/model.joblib (180 MB) is committed as a plain blob', good: '# .gitattributes\n*.joblib filter=lfs diff=lfs merge=lfs -text' },
  },
  async check({ repo, options }) {
    const limit = Number(options.maxMegabytes ?? DEFAULT_MAX_MB) * 1024 * 1024
    const large = repo.files().filter((file) => (repo.sizeOf(file) ?? 0) > limit)
    if (large.length === 0) return []
    // Files stored through Git LFS (filter=lfs in .gitattributes) are pointers in git, not blobs.
    const attributes = repo.isGit ? ((await repo.git(['check-attr', 'filter', '--', ...large])) ?? '') : ''
    const lfs = new Set(attributes.split('\n').filter((line) => line.endsWith(': filter: lfs')).map((line) => line.slice(0, -': filter: lfs'.length)))
    const findings: RuleFinding[] = []
    for (const file of large.filter((candidate) => !lfs.has(candidate))) {
      if (!(await repo.isBinary(file))) continue
      findings.push({ file, ...WHOLE_FILE, message: `${file} is a binary over ${limit / 1024 / 1024} MB in plain git: track it with Git LFS or DVC (or keep it in an artifact store and record its sha256 in model.json).` })
    }
    return findings
  },
})
