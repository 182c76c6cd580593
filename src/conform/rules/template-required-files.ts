import { defineRule, WHOLE_FILE } from '../rule.js'

export default defineRule({
  id: 'template-required-files',
  description: "Every file the template pack's policy requires exists",
  severity: 'error',
  refs: ['repolinter:file-existence'],
  profile: 'base',
  layout: true,
  docs: {
    why: 'a deleted workflow (.github/workflows/*.yml, or .gitlab-ci.yml in a project generated with `ci: gitlab` or `both`), `.dockerignore` or drift config silently removes a control the template put there.',
    fix: 'restore the file (`opsmith diff` prints what the template renders for it).',
    examples: { language: 'text', bad: '$ git rm .github/workflows/conform.yml', good: '$ opsmith diff   # shows the file the template renders\n$ git checkout HEAD~1 -- .github/workflows/conform.yml' },
  },
  check({ repo, pack, project }) {
    // `ci: gitlab` projects have .gitlab-ci.yml instead of .github/ (python-ml, python-llm); `both` have both.
    const ci = project.record?.answers?.ci
    const github = (pack?.manifest?.policy.requiredFiles ?? []).filter((file) => ci !== 'gitlab' || !file.startsWith('.github/'))
    const required = ci === 'gitlab' || ci === 'both' ? [...github, '.gitlab-ci.yml'] : github
    return required
      .filter((file) => !repo.has(file))
      .map((file) => ({ file, ...WHOLE_FILE, message: `${file} is required by template ${pack?.id} but missing: restore it (\`opsmith diff\` shows what the template renders).` }))
  },
})
