import rule from '../../../src/conform/rules/manifest-template-version.js'
import { VERSION } from '../../../src/version.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [{ name: 'newest', files: { '.opsmith.json': JSON.stringify({ template: { id: 'python-ml', version: VERSION } }) } }],
  invalid: [{ name: 'older than the pack', files: { '.opsmith.json': '{ "template": { "id": "python-ml", "version": "0.0.1" } }' }, errors: [{ file: '.opsmith.json', line: 1, column: 36 }] }],
})

// A local pack: the newest version is the one in its folder's package.json.
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const localPack = mkdtempSync(path.join(os.tmpdir(), 'opsmith-local-pack-'))
writeFileSync(path.join(localPack, 'package.json'), JSON.stringify({ name: 'local-pack', version: '2.0.0', type: 'module' }))
writeFileSync(path.join(localPack, 'opsmith-pack.json'), JSON.stringify({ id: 'local-pack', description: 'test' }))
writeFileSync(path.join(localPack, 'plopfile.js'), 'export default function () {}\n')
const recorded = (version: string) => JSON.stringify({ template: { id: 'local-pack', version, source: { type: 'local', spec: localPack } } })

ruleTester(rule, {
  valid: [{ name: 'local pack at its newest version', files: { '.opsmith.json': recorded('2.0.0') } }],
  invalid: [{ name: 'local pack behind its folder', files: { '.opsmith.json': recorded('1.0.0') }, errors: [{ file: '.opsmith.json', line: 1 }] }],
})
