import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { describeErrors, modelSchemaValidator, modelVersions, PROJECT_MODEL_SCHEMA, readJson } from '../parse/models.js'

// The card's YAML front matter must name a licence (Hugging Face model card metadata).
const FRONT_MATTER_LICENSE = /^---\r?\n(?:.*\r?\n)*?license\s*:\s*\S+.*\r?\n(?:.*\r?\n)*?---/

export default defineRule({
  id: 'models-metadata-valid',
  description: 'model.json is valid against the model schema and matches its folder; the card front matter names a licence',
  severity: 'error',
  refs: ['HF:model-card-metadata', 'GoogleModelCards'],
  profile: 'ml',
  docs: {
    why: 'model.json is the immutable record of a version: it must validate against models/model.schema.json (draft 2020-12, `additionalProperties: false`; opsmith\'s copy when the project has none), its name and version must equal the folders, and the card\'s YAML front matter must name a licence.',
    fix: 'Fix the fields the message names; regenerate with `make train` when in doubt.',
    examples: { language: 'json', bad: '// models/churn/1.2.0/model.json\n{ "name": "churn", "version": "1.3.0" }', good: '// models/churn/1.2.0/model.json (all fields of models/model.schema.json)\n{ "schema_version": 1, "name": "churn", "version": "1.2.0", "...": "..." }' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    const versions = modelVersions(repo)
    // Compiling the schema costs more than the rest of a small repo's run: only when there is a version.
    const schema = versions.length > 0 ? await modelSchemaValidator(repo) : undefined
    if (schema?.error !== undefined) findings.push({ file: PROJECT_MODEL_SCHEMA, ...WHOLE_FILE, message: schema.error })
    const validate = schema?.validate
    for (const { name, version, dir } of versions) {
      const file = `${dir}/model.json`
      if (repo.has(file)) {
        const { value, error } = await readJson(repo, file)
        if (error !== undefined) findings.push({ file, ...WHOLE_FILE, message: `${file} is not valid JSON (${error}): regenerate it with \`make train\`.` })
        else if (validate && !validate(value)) {
          for (const problem of describeErrors(validate)) findings.push({ file, ...WHOLE_FILE, message: `${file} does not match the model schema at ${problem}: fix the field (models/model.schema.json lists them).` })
        } else {
          const record = value as { name?: unknown; version?: unknown }
          if (record.name !== name || record.version !== version) {
            findings.push({ file, ...WHOLE_FILE, message: `${file} says ${String(record.name)}@${String(record.version)} but sits in ${dir}/: the name and version must equal the folders.` })
          }
        }
      }
      const card = `${dir}/MODEL_CARD.md`
      const text = await repo.read(card)
      if (text !== undefined && !FRONT_MATTER_LICENSE.test(text)) {
        findings.push({ file: card, ...WHOLE_FILE, message: `${card} has no \`license:\` in its YAML front matter: add it (the same licence as model.json).` })
      }
    }
    return findings
  },
})
