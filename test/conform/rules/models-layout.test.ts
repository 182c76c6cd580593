import rule from '../../../src/conform/rules/models-layout.js'
import { ruleTester } from '../helpers.js'
import { modelVersion } from '../model-fixtures.js'

ruleTester(rule, {
  valid: [
    { name: 'a complete version', files: { ...modelVersion('classifier', '0.1.0'), 'models/registry.yaml': 'models: {}\n', 'models/model.schema.json': '{}' } },
    { name: 'prerelease version', files: modelVersion('churn-v2', '1.0.0-rc.1') },
  ],
  invalid: [
    {
      name: 'bad name, v-prefixed version, missing card',
      files: { 'models/Churn_Model/1.0.0/model.json': '{}', 'models/classifier/v1.0.0/model.json': '{}', 'models/classifier/1.2.0/model.json': '{}' },
      errors: [
        { file: 'models/Churn_Model/1.0.0/model.json', line: 1 },
        { file: 'models/Churn_Model/1.0.0/MODEL_CARD.md', line: 1 },
        { file: 'models/classifier/1.2.0/MODEL_CARD.md', line: 1 },
        { file: 'models/classifier/v1.0.0/model.json', line: 1 },
      ],
    },
  ],
})
