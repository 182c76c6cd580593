import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { modelVersions } from '../parse/models.js'

export default defineRule({
  id: 'models-released-unchanged',
  description: 'A released model version (git tag `<name>@v<semver>`) is unchanged since its tag',
  severity: 'error',
  refs: ['GTO:tag-grammar', 'MLflow:model-version-immutability'],
  profile: 'ml',
  docs: {
    why: 'Once `<name>@v<semver>` is tagged, the version folder is a release: changing it rewrites history under the same name. Tracked changes since the tag and new untracked files in the folder are reported.',
    fix: 'Restore the files (`git checkout <tag> -- <file>`) and train a new version instead.',
    examples: { language: 'text', bad: '$ git diff churn@v1.2.0 -- models/churn/1.2.0/model.json\n-  "description": "Churn model"\n+  "description": "Better churn model"', good: '$ make train   # writes models/churn/1.3.0/\n$ git diff churn@v1.2.0 -- models/churn/1.2.0/   # (no output)' },
  },
  async check({ repo }) {
    const versions = modelVersions(repo)
    if (!repo.isGit || versions.length === 0) return []
    const tags = new Set(((await repo.git(['tag', '--list', '*@v*'])) ?? '').split('\n').filter(Boolean))
    const findings: RuleFinding[] = []
    for (const { name, version, dir } of versions) {
      const tag = `${name}@v${version}`
      if (!tags.has(tag)) continue
      // Tracked changes since the tag (committed or not), plus files added without committing.
      const changed = ((await repo.git(['diff', '--name-only', '--no-ext-diff', '--no-textconv', `refs/tags/${tag}`, '--', `${dir}/`])) ?? '').split('\n').filter(Boolean)
      const added = repo.glob(`${dir}/**`).filter((file) => !repo.isTracked(file))
      for (const file of [...new Set([...changed, ...added])].sort()) {
        findings.push({ file, ...WHOLE_FILE, message: `${file} changed after ${name} ${version} was released (tag ${tag}): released versions are immutable; restore it (\`git checkout ${tag} -- ${file}\`) and train a new version instead.` })
      }
    }
    return findings
  },
})
