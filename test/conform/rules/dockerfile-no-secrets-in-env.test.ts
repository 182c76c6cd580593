import rule from '../../../src/conform/rules/dockerfile-no-secrets-in-env.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [
    { name: 'allow-listed and harmless names', files: { Dockerfile: 'FROM a:1\nENV TOKENIZERS_PARALLELISM=false HF_HOME=/cache PYTHONUNBUFFERED=1\nARG VERSION=1\n' } },
    { name: 'settings whose names only mention auth or tokens', files: { Dockerfile: 'FROM a:1\nENV AUTH_MODE=on MAX_TOKENS=512 PASSWORD_FILE=/run/secrets/db\n' } },
    { name: 'option allow', files: { Dockerfile: 'FROM a:1\nARG GITHUB_TOKEN_SCOPE=read\n' }, options: { allow: ['GITHUB_TOKEN_SCOPE'] } },
  ],
  invalid: [
    { name: 'secret-like ARG before FROM and ENV', files: { Dockerfile: 'ARG NPM_TOKEN\nFROM a:1\nENV DB_PASSWORD=hunter2\n' }, errors: [{ file: 'Dockerfile', line: 1 }, { file: 'Dockerfile', line: 3 }] },
    { name: 'credential value under a harmless name', files: { Dockerfile: 'FROM a:1\nENV CONFIG=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\n' }, errors: [{ file: 'Dockerfile', line: 2 }] },
    { name: 'API_KEY in a build stage', files: { Dockerfile: 'FROM a:1 AS build\nARG OPENAI_API_KEY\nFROM a:1\n' }, errors: [{ file: 'Dockerfile', line: 2 }] },
  ],
})
