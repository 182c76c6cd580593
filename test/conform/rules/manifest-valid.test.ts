import rule from '../../../src/conform/rules/manifest-valid.js'
import { ruleTester } from '../helpers.js'

const good = { template: { id: 'python-ml', version: '0.1.0' }, opsmith: '0.1.0', answers: { projectName: 'x' }, files: { Dockerfile: 'a'.repeat(64) } }

ruleTester(rule, {
  valid: [
    { name: 'generated manifest', files: { '.opsmith.json': JSON.stringify(good) } },
    { name: 'absent (manifest-present reports it)', files: { 'a.py': '' } },
  ],
  invalid: [
    {
      name: 'bad template version, answers and a hash',
      files: { '.opsmith.json': JSON.stringify({ ...good, template: { id: 'python-ml', version: 'one' }, answers: [], files: { Dockerfile: 'nope' } }) },
      errors: [{ file: '.opsmith.json', line: 1 }, { file: '.opsmith.json', line: 1 }, { file: '.opsmith.json', line: 1 }],
    },
    { name: 'answers but no template', files: { '.opsmith.json': '{ "conform": {}, "answers": {} }' }, errors: [{ file: '.opsmith.json', line: 1 }] },
  ],
})
