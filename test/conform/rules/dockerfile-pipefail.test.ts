import rule from '../../../src/conform/rules/dockerfile-pipefail.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [
    { name: 'set -o pipefail', files: { Dockerfile: 'FROM a:1\nRUN set -o pipefail && curl x | tar x\n' } },
    { name: 'SHELL with pipefail', files: { Dockerfile: 'FROM a:1\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl x | tar x\n' } },
    { name: 'only || and quoted pipes', files: { Dockerfile: 'FROM a:1\nRUN test -f x || echo "a | b"\n' } },
  ],
  invalid: [
    { name: 'pipe without pipefail', files: { Dockerfile: 'FROM a:1\nRUN curl x | tar x\n' }, errors: [{ file: 'Dockerfile', line: 2 }] },
    { name: 'SHELL applies per stage', files: { Dockerfile: 'FROM a:1\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM a:1\nRUN curl x | tar x\n' }, errors: [{ file: 'Dockerfile', line: 4 }] },
  ],
})
