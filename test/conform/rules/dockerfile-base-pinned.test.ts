import rule from '../../../src/conform/rules/dockerfile-base-pinned.js'
import { DIGEST, ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [
    { name: 'digest-pinned', files: { Dockerfile: `FROM python:3.12-slim@${DIGEST}\n` } },
    { name: 'stage references and scratch', files: { Dockerfile: `FROM python:3.12@${DIGEST} AS build\nFROM build AS test\nFROM scratch\n` } },
    { name: 'ARG default pinned', files: { Dockerfile: `ARG BASE=python:3.12@${DIGEST}\nFROM \${BASE}\n` } },
  ],
  invalid: [
    { name: 'tag only', files: { Dockerfile: 'FROM python:3.12-slim\n' }, errors: [{ file: 'Dockerfile', line: 1 }] },
    { name: 'second stage unpinned', files: { Dockerfile: `FROM python:3.12@${DIGEST} AS build\nRUN true\nFROM debian:12\n` }, errors: [{ file: 'Dockerfile', line: 3 }] },
    { name: 'ARG default unpinned', files: { Dockerfile: 'ARG BASE=python:3.12\nFROM $BASE\n' }, errors: [{ file: 'Dockerfile', line: 2 }] },
  ],
})
