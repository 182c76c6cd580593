import rule from '../../../src/conform/rules/manifest-template-version.js'
import { VERSION } from '../../../src/version.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [{ name: 'newest', files: { '.opsmith.json': JSON.stringify({ template: { id: 'python-ml', version: VERSION } }) } }],
  invalid: [{ name: 'older than the pack', files: { '.opsmith.json': '{ "template": { "id": "python-ml", "version": "0.0.1" } }' }, errors: [{ file: '.opsmith.json', line: 1 }] }],
})
