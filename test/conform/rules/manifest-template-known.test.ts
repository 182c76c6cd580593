import rule from '../../../src/conform/rules/manifest-template-known.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [{ name: 'built-in python-ml', files: { '.opsmith.json': '{ "template": { "id": "python-ml", "version": "0.1.0" } }' } }],
  invalid: [{ name: 'unknown template', files: { '.opsmith.json': '{ "template": { "id": "rust-ml", "version": "0.1.0" } }' }, errors: [{ file: '.opsmith.json', line: 1 }] }],
})
