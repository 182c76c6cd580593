import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { modelVersions, readJson } from '../parse/models.js'

interface ArtifactRecord {
  path?: string
  sha256?: string
  size_bytes?: number
}

export default defineRule({
  id: 'models-artifact-hash',
  description: 'A model artifact present on disk (tracked or ignored) matches the sha256 and size recorded in model.json',
  severity: 'error',
  refs: ['MLflow:model-signature', 'DVC:outs-md5'],
  profile: 'ml',
  docs: {
    why: 'A released model must be exactly the artifact that was evaluated. When `artifact.path` (relative to the repo root) exists locally, tracked or git-ignored, its sha256 (streamed) and size must equal model.json\'s.',
    fix: 'Do not overwrite released artifacts: train a new version (`make train`).',
    examples: { language: 'json', bad: '// models/churn/1.2.0/model.json; model.joblib on disk now hashes to 9f2c...\n{ "artifact": { "path": "model.joblib", "sha256": "4b1e...", "size_bytes": 1048576 } }', good: '// the artifact on disk matches what model.json records\n{ "artifact": { "path": "model.joblib", "sha256": "9f2c...", "size_bytes": 1048576 } }' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const { dir } of modelVersions(repo)) {
      const file = `${dir}/model.json`
      const { value } = await readJson(repo, file)
      const artifact = (value as { artifact?: ArtifactRecord } | undefined)?.artifact
      // Artifacts kept elsewhere (uri, DVC) are not checked here; a missing local file is fine.
      const local = artifact?.path ? await repo.localFile(artifact.path) : undefined
      if (!artifact?.path || !artifact.sha256 || !local) continue
      const size = local.size
      const sha256 = await repo.sha256(artifact.path)
      if (sha256 !== artifact.sha256 || (artifact.size_bytes !== undefined && size !== artifact.size_bytes)) {
        findings.push({
          file,
          ...WHOLE_FILE,
          message: `${artifact.path} (sha256 ${sha256.slice(0, 12)}..., ${size} bytes) is not the artifact ${file} records (sha256 ${artifact.sha256.slice(0, 12)}...): a released artifact is immutable; train a new version instead.`,
        })
      }
    }
    return findings
  },
})
