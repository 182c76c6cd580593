import rule from '../../../src/conform/rules/dockerfile-healthcheck.js'
import { DIGEST, ruleTester } from '../helpers.js'

const BASE = 'ghcr.io/opsmith/python:3.11-runtime'

ruleTester(rule, {
  valid: [
    {
      name: 'inherits EXPOSE and builds FROM the recorded hardened base',
      files: { Dockerfile: `ARG BASE=${BASE}@${DIGEST}\nFROM \${BASE} AS app\nEXPOSE 8080\nFROM app AS runtime\n`, '.opsmith.json': JSON.stringify({ template: { id: 'python-ml', version: '0.1.0' }, answers: { baseImage: `${BASE}@${DIGEST}` } }) },
    },
    { name: 'serving image with HEALTHCHECK', files: { Dockerfile: 'FROM a:1\nEXPOSE 8080\nHEALTHCHECK CMD ["python", "-m", "app.health"]\n' } },
    { name: 'batch image without EXPOSE', files: { Dockerfile: 'FROM a:1\nCMD ["python", "-m", "app.train"]\n' } },
  ],
  invalid: [
    { name: 'EXPOSE without HEALTHCHECK', files: { Dockerfile: 'FROM a:1 AS b\nHEALTHCHECK CMD true\nFROM a:1\nEXPOSE 8080\n' }, errors: [{ file: 'Dockerfile', line: 3 }] },
    { name: 'inherited EXPOSE, another base', files: { Dockerfile: `FROM debian:12@${DIGEST} AS app\nEXPOSE 8080\nFROM app\n`, '.opsmith.json': JSON.stringify({ template: { id: 'python-ml', version: '0.1.0' }, answers: { baseImage: `${BASE}@${DIGEST}` } }) }, errors: [{ file: 'Dockerfile', line: 3 }] },
    { name: 'HEALTHCHECK NONE', files: { Dockerfile: 'FROM a:1\nEXPOSE 8080\nHEALTHCHECK NONE\n' }, errors: [{ file: 'Dockerfile', line: 3 }] },
  ],
})
