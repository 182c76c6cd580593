import rule from '../../../src/conform/rules/devcontainer-non-root-user.js'
import { ruleTester } from '../helpers.js'

const FILE = '.devcontainer/devcontainer.json'

ruleTester(rule, {
  valid: [{ name: 'non-root remote user', files: { [FILE]: '{ "image": "x", "remoteUser": "nonroot", "containerUser": "65532" }' } }],
  invalid: [
    { name: 'no remoteUser', files: { [FILE]: '{ "image": "x" }' }, errors: [{ file: FILE, line: 1 }] },
    { name: 'root users', files: { [FILE]: '{\n  "remoteUser": "root",\n  "containerUser": "0:0"\n}\n' }, errors: [{ file: FILE, line: 2, column: 3 }, { file: FILE, line: 3, column: 3 }] },
  ],
})
