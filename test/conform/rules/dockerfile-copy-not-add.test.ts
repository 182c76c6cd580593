import rule from '../../../src/conform/rules/dockerfile-copy-not-add.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [{ name: 'COPY', files: { Dockerfile: 'FROM a:1\nCOPY --chown=1000 src /app\n' } }],
  invalid: [
    { name: 'ADD local files', files: { Dockerfile: 'FROM a:1\nADD src /app\n' }, errors: [{ file: 'Dockerfile', line: 2 }] },
    { name: 'ADD a URL in a later stage', files: { Dockerfile: 'FROM a:1 AS b\nFROM a:1\nRUN true\nADD https://example.com/x.tgz /x\n' }, errors: [{ file: 'Dockerfile', line: 4 }] },
  ],
})
