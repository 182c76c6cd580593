import rule from '../../../src/conform/rules/manifest-template-known.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [
    { name: 'built-in python-ml', files: { '.opsmith.json': '{ "template": { "id": "python-ml", "version": "0.1.0", "source": { "type": "builtin", "spec": "python-ml" } } }' } },
    { name: 'a pack from npm (not checked offline)', files: { '.opsmith.json': '{ "template": { "id": "rust-ml", "version": "1.0.0", "source": { "type": "npm", "spec": "@acme/rust-ml" } } }' } },
  ],
  invalid: [{ name: 'unknown template', files: { '.opsmith.json': '{ "template": { "id": "rust-ml", "version": "0.1.0" } }' }, errors: [{ file: '.opsmith.json', line: 1, column: 17 }] }],
})
