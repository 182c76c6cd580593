import rule from '../../../src/conform/rules/dockerfile-apt-hygiene.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [
    { name: 'clean install', files: { Dockerfile: 'FROM a:1\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends tini \\\n && rm -rf /var/lib/apt/lists/*\n' } },
    { name: 'cache mount', files: { Dockerfile: 'FROM a:1\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends tini\n' } },
  ],
  invalid: [
    { name: 'recommends and lists left', files: { Dockerfile: 'FROM a:1\nRUN apt-get update && apt-get install -y curl\n' }, errors: [{ file: 'Dockerfile', line: 2 }, { file: 'Dockerfile', line: 2 }] },
    { name: 'update alone leaves lists', files: { Dockerfile: 'FROM a:1\n\nRUN apt-get update\n' }, errors: [{ file: 'Dockerfile', line: 3 }] },
  ],
})
