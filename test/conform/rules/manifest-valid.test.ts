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
      // Each finding points at the key it is about: "version" (line 4), "answers" (line 7), "Dockerfile" (line 9).
      name: 'bad template version, answers and a hash',
      files: { '.opsmith.json': JSON.stringify({ ...good, template: { id: 'python-ml', version: 'one' }, answers: [], files: { Dockerfile: 'nope' } }, null, 2) },
      errors: [{ file: '.opsmith.json', line: 4, column: 5 }, { file: '.opsmith.json', line: 7, column: 3 }, { file: '.opsmith.json', line: 9, column: 5 }],
    },
    { name: 'answers but no template (the root object)', files: { '.opsmith.json': '{ "conform": {}, "answers": {} }' }, errors: [{ file: '.opsmith.json', line: 1, column: 1 }] },
    { name: 'not JSON: at the syntax error', files: { '.opsmith.json': '{\n  "template": {,\n}' }, errors: [{ file: '.opsmith.json', line: 2, column: 16 }] },
  ],
})
