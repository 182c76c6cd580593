import rule from '../../../src/conform/rules/models-registry-aliases.js'
import { ruleTester } from '../helpers.js'
import { modelVersion } from '../model-fixtures.js'

ruleTester(rule, {
  valid: [
    { name: 'fresh project', files: { 'models/registry.yaml': 'models:\n  classifier:\n    aliases: {}\n    deprecated: []\n' } },
    { name: 'alias to an existing version', files: { ...modelVersion('classifier', '0.1.0'), 'models/registry.yaml': 'models:\n  classifier:\n    aliases:\n      champion: "0.1.0"\n    deprecated: ["0.0.9"]\n' } },
  ],
  invalid: [
    {
      name: 'missing and deprecated targets',
      files: { ...modelVersion('classifier', '0.1.0'), 'models/registry.yaml': 'models:\n  classifier:\n    aliases:\n      champion: "0.1.0"\n      challenger: "0.2.0"\n    deprecated: ["0.1.0"]\n' },
      errors: [{ file: 'models/registry.yaml', line: 4 }, { file: 'models/registry.yaml', line: 5 }],
    },
    { name: 'unparsable registry', files: { 'models/registry.yaml': 'models: [\n' }, errors: [{ file: 'models/registry.yaml', line: 2 }] },
  ],
})
