import rule from '../../../src/conform/rules/dockerfile-no-latest-tag.js'
import { DIGEST, ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [
    { name: 'explicit tag', files: { Dockerfile: `FROM python:3.12-slim@${DIGEST}\n` } },
    { name: 'registry with port and tag', files: { Dockerfile: 'FROM localhost:5000/team/python:3.12\n' } },
    { name: 'digest without tag (as `opsmith image push` prints it)', files: { Dockerfile: `FROM 127.0.0.1:5000/platform/python@${DIGEST}\n` } },
    { name: 'stage reference', files: { Dockerfile: 'FROM python:3.12 AS base\nFROM base\n' } },
  ],
  invalid: [
    { name: 'latest', files: { Dockerfile: 'FROM python:latest\n' }, errors: [{ file: 'Dockerfile', line: 1 }] },
    { name: 'latest, even with a digest', files: { Dockerfile: `FROM python:latest@${DIGEST}\n` }, errors: [{ file: 'Dockerfile', line: 1 }] },
    { name: 'no tag', files: { Dockerfile: 'FROM python:3.12 AS a\nFROM ubuntu\n' }, errors: [{ file: 'Dockerfile', line: 2 }] },
    { name: 'registry with port, no tag', files: { Dockerfile: 'FROM localhost:5000/python\n' }, errors: [{ file: 'Dockerfile', line: 1 }] },
  ],
})
