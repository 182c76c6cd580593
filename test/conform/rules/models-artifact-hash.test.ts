import rule from '../../../src/conform/rules/models-artifact-hash.js'
import { ruleTester } from '../helpers.js'
import { modelVersion, sha256 } from '../model-fixtures.js'

const artifact = (content: string, size = content.length) => ({ artifact: { path: 'artifacts/a/1.0.0/model.pkl', sha256: sha256(content), size_bytes: size, format: 'pickle', framework: 'sklearn' } })

ruleTester(rule, {
  valid: [
    { name: 'matching artifact, git-ignored', files: { ...modelVersion('a', '1.0.0', artifact('weights')), 'artifacts/a/1.0.0/model.pkl': 'weights', '.gitignore': 'artifacts/\n' }, git: true },
    { name: 'artifact not present locally', files: modelVersion('a', '1.0.0', artifact('weights')) },
  ],
  invalid: [
    { name: 'changed artifact', files: { ...modelVersion('a', '1.0.0', artifact('weights')), 'artifacts/a/1.0.0/model.pkl': 'tampered' }, errors: [{ file: 'models/a/1.0.0/model.json', line: 1 }] },
    { name: 'size differs', files: { ...modelVersion('a', '1.0.0', artifact('weights', 3)), 'artifacts/a/1.0.0/model.pkl': 'weights' }, errors: [{ file: 'models/a/1.0.0/model.json', line: 1 }] },
  ],
})
