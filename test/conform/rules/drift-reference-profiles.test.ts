import rule from '../../../src/conform/rules/drift-reference-profiles.js'
import { ruleTester } from '../helpers.js'
import { modelVersion, sha256 } from '../model-fixtures.js'

const REGISTRY = 'models:\n  a:\n    aliases:\n      champion: "1.0.0"\n    deprecated: []\n'
const withoutProfile = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).filter(([file]) => !file.endsWith('reference_profile.json')))

ruleTester(rule, {
  valid: [
    { name: 'aliased version with profile', files: { ...modelVersion('a', '1.0.0', { drift_reference: { path: 'reference_profile.json', sha256: sha256('{}\n') } }), 'models/registry.yaml': REGISTRY } },
    { name: 'unaliased version needs none', files: { ...withoutProfile(modelVersion('a', '0.9.0')), 'models/registry.yaml': 'models:\n  a:\n    aliases: {}\n' } },
  ],
  invalid: [
    { name: 'missing profile', files: { ...withoutProfile(modelVersion('a', '1.0.0')), 'models/registry.yaml': REGISTRY }, errors: [{ file: 'models/registry.yaml', line: 4 }] },
    { name: 'profile changed since training', files: { ...modelVersion('a', '1.0.0', { drift_reference: { path: 'reference_profile.json', sha256: sha256('other') } }), 'models/registry.yaml': REGISTRY }, errors: [{ file: 'models/a/1.0.0/reference_profile.json', line: 1 }] },
  ],
})
