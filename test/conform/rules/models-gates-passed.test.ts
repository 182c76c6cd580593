import rule from '../../../src/conform/rules/models-gates-passed.js'
import { ruleTester } from '../helpers.js'
import { modelVersion } from '../model-fixtures.js'

ruleTester(rule, {
  valid: [{ name: 'metrics and passed gates', files: modelVersion('a', '1.0.0') }],
  invalid: [
    {
      name: 'no metrics; a failed gate',
      files: { ...modelVersion('a', '1.0.0', { metrics: [] }), ...modelVersion('b', '1.0.0', { gates: [{ metric: 'f1', op: '>=', threshold: 0.95, passed: false }] }) },
      errors: [{ file: 'models/a/1.0.0/model.json', line: 1 }, { file: 'models/b/1.0.0/model.json', line: 1 }],
    },
  ],
})
