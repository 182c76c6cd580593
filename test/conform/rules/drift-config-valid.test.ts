import rule from '../../../src/conform/rules/drift-config-valid.js'
import { ruleTester } from '../helpers.js'

const CONFIG = 'version: 1\nmodel: classifier\nalias: champion\nmin_samples: 100\nthresholds:\n  psi_warn: 0.1\n  psi_drift: 0.25\n  wasserstein: 0.1\n  jensen_shannon: 0.1\n  ks_pvalue: 0.05\n  dataset_drift_share: 0.5\nwebhook_url_secret: DRIFT_WEBHOOK_URL\n'
const SCHEMA = JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: ['version', 'model'], properties: { version: { const: 1 } } })
const MONITOR = { 'src/app/drift.py': 'def main():\n    pass\n' }

ruleTester(rule, {
  valid: [
    { name: 'monitor, config and schema', files: { ...MONITOR, 'config/drift.yaml': CONFIG, 'config/drift.schema.json': SCHEMA } },
    { name: 'custom monitor glob', files: { 'monitoring/watch.py': '', 'config/drift.yaml': CONFIG, 'config/drift.schema.json': SCHEMA }, options: { monitor: 'monitoring/*.py' } },
  ],
  invalid: [
    { name: 'nothing', files: { 'a.py': '' }, errors: [{ file: 'config/drift.yaml', line: 1 }, { file: 'config/drift.yaml', line: 1 }] },
    { name: 'invalid against the project schema', files: { ...MONITOR, 'config/drift.yaml': 'version: 2\nmodel: x\n', 'config/drift.schema.json': SCHEMA }, errors: [{ file: 'config/drift.yaml', line: 1 }] },
    { name: 'no schema file: the built-in one applies and is reported missing', files: { ...MONITOR, 'config/drift.yaml': 'version: 1\n' }, errors: [{ file: 'config/drift.schema.json', line: 1 }, { file: 'config/drift.yaml', line: 1 }] },
    { name: 'a broken schema file', files: { ...MONITOR, 'config/drift.yaml': CONFIG, 'config/drift.schema.json': '{ "type": ' }, errors: [{ file: 'config/drift.schema.json', line: 1 }] },
    { name: 'unparsable', files: { ...MONITOR, 'config/drift.yaml': 'model: churn\nthresholds:\n  psi: 0.1\n bad: [\n' }, errors: [{ file: 'config/drift.yaml', line: 4 }] },
  ],
})
