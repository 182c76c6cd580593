import rule from '../../../src/conform/rules/models-no-large-binaries.js'
import { ruleTester } from '../helpers.js'

const binary = `\0${'x'.repeat(2 * 1024 * 1024)}`

ruleTester(rule, {
  valid: [
    { name: 'small binary; large text', files: { 'a.bin': '\0\0', 'data.csv': 'a,b\n'.repeat(600_000) }, options: { maxMegabytes: 1 } },
    { name: 'large binary tracked with Git LFS attributes', files: { '.gitattributes': '*.pkl filter=lfs diff=lfs merge=lfs -text\n', 'model.pkl': binary }, options: { maxMegabytes: 1 }, git: true },
  ],
  invalid: [{ name: 'large binary in plain git', files: { 'models/a/model.pkl': binary }, options: { maxMegabytes: 1 }, git: true, errors: [{ file: 'models/a/model.pkl', line: 1 }] }],
})
