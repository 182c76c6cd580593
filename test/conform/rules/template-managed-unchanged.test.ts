import { createHash } from 'node:crypto'
import rule from '../../../src/conform/rules/template-managed-unchanged.js'
import { VERSION } from '../../../src/version.js'
import { ruleTester } from '../helpers.js'

const DOCKERFILE = 'FROM scratch\nUSER 65532\n'
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
// Dockerfile is managed by python-ml; src/** is seeded, so the team owns it after generation.
const manifest = JSON.stringify({ template: { id: 'python-ml', version: VERSION }, files: { Dockerfile: sha256(DOCKERFILE), 'src/app.py': sha256('x = 1\n') } })

ruleTester(rule, {
  valid: [
    { name: 'managed file as rendered', files: { '.opsmith.json': manifest, Dockerfile: DOCKERFILE, 'src/app.py': 'x = 1\n' } },
    { name: 'seeded file changed by the team', files: { '.opsmith.json': manifest, Dockerfile: DOCKERFILE, 'src/app.py': 'x = 2\n' } },
    { name: 'no manifest', files: { Dockerfile: 'FROM scratch\n' } },
  ],
  invalid: [
    {
      name: 'managed file edited in place',
      files: { '.opsmith.json': manifest, Dockerfile: `${DOCKERFILE}USER root\n`, 'src/app.py': 'x = 1\n' },
      errors: [{ file: 'Dockerfile', line: 1 }],
    },
  ],
})
