import rule from '../../../src/conform/rules/manifest-present.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [{ name: 'present', files: { '.opsmith.json': '{}' } }],
  invalid: [{ name: 'absent', files: { 'a.py': '' }, errors: [{ file: '.opsmith.json', line: 1 }] }],
})
