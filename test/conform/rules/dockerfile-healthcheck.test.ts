import rule from '../../../src/conform/rules/dockerfile-healthcheck.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [
    { name: 'serving image with HEALTHCHECK', files: { Dockerfile: 'FROM a:1\nEXPOSE 8080\nHEALTHCHECK CMD ["python", "-m", "app.health"]\n' } },
    { name: 'batch image without EXPOSE', files: { Dockerfile: 'FROM a:1\nCMD ["python", "-m", "app.train"]\n' } },
  ],
  invalid: [
    { name: 'EXPOSE without HEALTHCHECK', files: { Dockerfile: 'FROM a:1 AS b\nHEALTHCHECK CMD true\nFROM a:1\nEXPOSE 8080\n' }, errors: [{ file: 'Dockerfile', line: 3 }] },
    { name: 'HEALTHCHECK NONE', files: { Dockerfile: 'FROM a:1\nEXPOSE 8080\nHEALTHCHECK NONE\n' }, errors: [{ file: 'Dockerfile', line: 3 }] },
  ],
})
