import rule from '../../../src/conform/rules/models-metadata-valid.js'
import { ruleTester } from '../helpers.js'
import { modelJson, modelVersion } from '../model-fixtures.js'

ruleTester(rule, {
  valid: [{ name: 'valid record and card (built-in schema)', files: modelVersion('classifier', '0.1.0') }],
  invalid: [
    {
      name: 'unknown field, name mismatch, card without licence, broken JSON',
      files: {
        'models/a/1.0.0/model.json': modelJson('a', '1.0.0', { stage: 'production' }),
        'models/a/1.0.0/MODEL_CARD.md': '# no front matter\n',
        'models/b/1.0.0/model.json': modelJson('c', '1.0.0'),
        'models/d/1.0.0/model.json': '{ nope',
      },
      errors: [
        { file: 'models/a/1.0.0/model.json', line: 1 },
        { file: 'models/a/1.0.0/MODEL_CARD.md', line: 1 },
        { file: 'models/b/1.0.0/model.json', line: 1 },
        { file: 'models/d/1.0.0/model.json', line: 1 },
      ],
    },
    {
      name: "the project's own schema wins",
      files: { ...modelVersion('a', '1.0.0'), 'models/model.schema.json': JSON.stringify({ type: 'object', required: ['owner_email'] }) },
      errors: [{ file: 'models/a/1.0.0/model.json', line: 1 }],
    },
  ],
})
