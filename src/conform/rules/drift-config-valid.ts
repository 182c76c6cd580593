import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { describeErrors, driftSchemaValidator, PROJECT_DRIFT_SCHEMA } from '../parse/models.js'
import { readYaml } from '../parse/yaml.js'

const DRIFT_CONFIG = 'config/drift.yaml'
const DEFAULT_MONITOR_GLOB = 'src/**/drift*.py'

export default defineRule({
  id: 'drift-config-valid',
  description: 'A drift monitor and config/drift.yaml exist, and the config is valid against config/drift.schema.json',
  severity: 'error',
  refs: ['Evidently:data-drift', 'MLOpsStacks:monitoring'],
  profile: 'ml',
  layout: true,
  docs: {
    why: 'A model without a drift monitor degrades silently. Checks that a monitor exists (`src/**/drift*.py`, option `monitor: "glob"`), that config/drift.yaml exists and parses, and that it validates against config/drift.schema.json (the project\'s, else the one shipped with opsmith; a missing schema file is reported).',
    fix: 'Restore config/drift.yaml and its schema from the template, then fix the values the message names.',
    examples: { language: 'yaml', bad: '# config/drift.yaml\nversion: 1\nmodel: churn\nthresholds: high', good: '# config/drift.yaml (valid against config/drift.schema.json)\nversion: 1\nmodel: churn\nalias: champion\nmin_samples: 100\nthresholds:\n  psi_warn: 0.1\n  psi_drift: 0.25' },
  },
  async check({ repo, options }) {
    const findings: RuleFinding[] = []
    const monitorGlob = typeof options.monitor === 'string' ? options.monitor : DEFAULT_MONITOR_GLOB
    if (repo.glob(monitorGlob).length === 0) {
      findings.push({ file: DRIFT_CONFIG, ...WHOLE_FILE, message: `No drift monitor (${monitorGlob}) found: add one that compares live data with the reference profile (opsmith's python-ml template ships src/<module>/drift.py).` })
    }
    const config = await readYaml(repo, DRIFT_CONFIG)
    if (!config) {
      findings.push({ file: DRIFT_CONFIG, ...WHOLE_FILE, message: `${DRIFT_CONFIG} is missing: add it with the model, alias, thresholds and webhook secret name the drift monitor uses.` })
      return findings
    }
    if (config.error) return [...findings, { file: DRIFT_CONFIG, line: config.errorAt?.line ?? 1, column: config.errorAt?.column, message: `${DRIFT_CONFIG} does not parse (${config.error}): fix the YAML.` }]
    if (!repo.has(PROJECT_DRIFT_SCHEMA)) {
      findings.push({ file: PROJECT_DRIFT_SCHEMA, ...WHOLE_FILE, message: `${PROJECT_DRIFT_SCHEMA} is missing: keep the schema of ${DRIFT_CONFIG} next to it so editors and CI validate it.` })
    }
    const { validate, error } = await driftSchemaValidator(repo)
    if (error !== undefined) findings.push({ file: PROJECT_DRIFT_SCHEMA, ...WHOLE_FILE, message: error })
    else if (!validate(config.value)) {
      for (const problem of describeErrors(validate)) findings.push({ file: DRIFT_CONFIG, ...WHOLE_FILE, message: `${DRIFT_CONFIG} does not match its schema at ${problem}: fix the value.` })
    }
    return findings
  },
})
