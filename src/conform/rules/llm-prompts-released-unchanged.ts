import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { isLlmProject, PROMPT_ID, promptPath, PROMPTS_DIR } from '../parse/llm-project.js'

// `prompts/<id>@v<MAJOR.MINOR.PATCH>`: the GTO tag grammar of models, under a `prompts/` namespace.
const PROMPT_TAG = /^prompts\/([^@/]+)@v(\d+\.\d+\.\d+)$/

export default defineRule({
  id: 'llm-prompts-released-unchanged',
  description: 'A released prompt version (git tag `prompts/<id>@v<semver>`) is unchanged since its tag',
  severity: 'error',
  refs: ['MLflow:prompt-version-immutability', 'GTO:tag-grammar'],
  profile: 'llm',
  docs: {
    why: 'Prompt versions are immutable once released (as in MLflow\'s prompt registry): evals, model.json\'s `llm.prompts` and deployed aliases refer to them by version. The first line changed since the tag (committed or not) is reported, as are a deleted released file and a tag whose commit does not hold the version.',
    fix: 'Restore the file (`git checkout prompts/<id>@v<semver> -- prompts/<id>/<semver>.md`) and write the change as a new version.',
    examples: { language: 'text', bad: '$ git diff prompts/answer@v1.0.0 -- prompts/answer/1.0.0.md\n-Answer in one sentence.\n+Answer in two sentences.', good: '$ cp prompts/answer/1.0.0.md prompts/answer/1.1.0.md   # edit the new version\n$ git diff prompts/answer@v1.0.0 -- prompts/answer/1.0.0.md   # (no output)' },
  },
  async check({ repo, project }) {
    if (!repo.isGit || !isLlmProject(repo, project.record)) return []
    const tags = ((await repo.git(['tag', '--list', `${PROMPTS_DIR}/*@v*`])) ?? '').split('\n').filter(Boolean)
    const findings: RuleFinding[] = []
    for (const tag of tags.sort()) {
      const [, id = '', version = ''] = PROMPT_TAG.exec(tag) ?? []
      if (!PROMPT_ID.test(id)) continue
      const file = promptPath(id, version)
      // Tracked changes since the tag, committed or not, as zero-context hunks (the first one names the line).
      const diff = (await repo.git(['diff', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', `refs/tags/${tag}`, '--', file])) ?? ''
      const hunk = /^@@ -\S+ \+(\d+)/m.exec(diff)
      const inTag = (await repo.git(['cat-file', '-e', `refs/tags/${tag}:${file}`])) !== undefined
      if (!inTag) {
        findings.push({ file, ...WHOLE_FILE, message: `Tag ${tag} does not contain ${file}: a prompt release tag must point at a commit holding that version; re-tag the release commit.` })
      } else if (!repo.has(file)) {
        findings.push({ file, ...WHOLE_FILE, message: `${file} was deleted after prompt ${id} ${version} was released (tag ${tag}): restore it (\`git checkout ${tag} -- ${file}\`); deprecate it in ${PROMPTS_DIR}/registry.yaml instead.` })
      } else if (hunk || !repo.isTracked(file)) {
        findings.push({ file, line: Math.max(1, Number(hunk?.[1] ?? 1)), message: `${file} changed after prompt ${id} ${version} was released (tag ${tag}): released prompts are immutable; restore it (\`git checkout ${tag} -- ${file}\`) and write the change as a new version.` })
      }
    }
    return findings
  },
})
