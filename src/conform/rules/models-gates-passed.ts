import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { modelVersions, readJson } from '../parse/models.js'

interface GateRecord {
  metric?: string
  op?: string
  threshold?: number
  passed?: boolean
}

export default defineRule({
  id: 'models-gates-passed',
  description: 'Every model version records at least one metric and all its quality gates passed',
  severity: 'error',
  refs: ['MLOpsStacks:validation', 'GoogleModelCards:quantitative-analysis'],
  profile: 'ml',
  docs: {
    why: 'A version without metrics was never evaluated; a failed gate means it should not ship.',
    fix: 'Evaluate (`make evaluate`) and only keep versions whose gates pass.',
    examples: { language: 'json', bad: '{ "metrics": [{ "name": "f1", "value": 0.61 }], "gates": [{ "metric": "f1", "op": ">=", "threshold": 0.7, "passed": false }] }', good: '{ "metrics": [{ "name": "f1", "value": 0.78 }], "gates": [{ "metric": "f1", "op": ">=", "threshold": 0.7, "passed": true }] }' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const { dir } of modelVersions(repo)) {
      const file = `${dir}/model.json`
      const { value } = await readJson(repo, file)
      if (!value || typeof value !== 'object') continue
      const record = value as { metrics?: unknown[]; gates?: GateRecord[] }
      if (!Array.isArray(record.metrics) || record.metrics.length === 0) {
        findings.push({ file, ...WHOLE_FILE, message: `${file} records no metrics: evaluate the model (\`make evaluate\`) and record at least one.` })
      }
      for (const gate of Array.isArray(record.gates) ? record.gates : []) {
        if (gate.passed === true) continue
        findings.push({ file, ...WHOLE_FILE, message: `Gate ${gate.metric ?? '?'} ${gate.op ?? '?'} ${gate.threshold ?? '?'} did not pass for ${dir}: do not release or alias a version that fails its gates.` })
      }
    }
    return findings
  },
})
