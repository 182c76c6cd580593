import rule from '../../../src/conform/rules/dockerfile-expose-unprivileged.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [{ name: 'high ports', files: { Dockerfile: 'FROM a:1\nEXPOSE 8080 9090/udp\n' } }],
  invalid: [{ name: 'port 80 and 443/tcp', files: { Dockerfile: 'FROM a:1\nEXPOSE 8080\nEXPOSE 80 443/tcp\n' }, errors: [{ file: 'Dockerfile', line: 3 }, { file: 'Dockerfile', line: 3 }] }],
})
