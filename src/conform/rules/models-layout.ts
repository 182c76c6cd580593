import valid from 'semver/functions/valid.js'
import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { MODEL_NAME, modelVersions } from '../parse/models.js'

const REQUIRED_FILES = ['model.json', 'MODEL_CARD.md']

export default defineRule({
  id: 'models-layout',
  description: 'Model folders follow models/<name>/<MAJOR.MINOR.PATCH>/ with model.json and MODEL_CARD.md',
  severity: 'error',
  refs: ['GTO:tag-grammar', 'MLflow:model-version'],
  profile: 'ml',
  docs: {
    why: 'One predictable layout lets tools find every version: `models/<name>/<MAJOR.MINOR.PATCH>/` with `model.json` and `MODEL_CARD.md`; names match `^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`; versions are SemVer without `v`.',
    fix: 'Rename the folder; `make train` writes new versions in the right place.',
    examples: { language: 'text', bad: 'models/Churn/v1.2/model.json', good: 'models/churn/1.2.0/model.json\nmodels/churn/1.2.0/MODEL_CARD.md' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    const badNames = new Set<string>()
    for (const { name, version, dir } of modelVersions(repo)) {
      const first = repo.glob(`${dir}/**`)[0] ?? dir
      if (!MODEL_NAME.test(name) && !badNames.has(name)) {
        badNames.add(name)
        findings.push({ file: first, ...WHOLE_FILE, message: `Model name \`${name}\` must be lowercase letters, digits and hyphens (${MODEL_NAME.source}): rename models/${name}/.` })
      }
      if (valid(version) !== version) {
        findings.push({ file: first, ...WHOLE_FILE, message: `Version folder \`${version}\` of ${name} is not a SemVer version like 1.2.0 (no "v" prefix): rename ${dir}/.` })
        continue
      }
      for (const required of REQUIRED_FILES.filter((file) => !repo.has(`${dir}/${file}`))) {
        findings.push({ file: `${dir}/${required}`, ...WHOLE_FILE, message: `${dir}/ has no ${required}: every model version records its metadata (model.json) and card (MODEL_CARD.md); \`make train\` writes both.` })
      }
    }
    return findings
  },
})
