import rule from '../../../src/conform/rules/dockerfile-non-root-user.js'
import { DIGEST, ruleTester } from '../helpers.js'

const FROM = `FROM python:3.12-slim@${DIGEST}`

ruleTester(rule, {
  valid: [
    { name: 'numeric non-root user', files: { Dockerfile: `${FROM}\nUSER 65532:65532\n` } },
    { name: 'named user in the final stage of a multi-stage build', files: { Dockerfile: `${FROM} AS build\nUSER root\nRUN make\n${FROM}\nUSER app\n` } },
    { name: 'no Dockerfile at all', files: { 'README.md': '# x\n' } },
    // Bases that set a non-root USER themselves: the container does not run as root.
    { name: 'a distroless nonroot base', files: { Dockerfile: `FROM golang:1.22@${DIGEST} AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12:nonroot@${DIGEST}\nCOPY --from=build /app /app\n` } },
    { name: 'a debug-nonroot tag, through a stage', files: { Dockerfile: `FROM gcr.io/distroless/python3-debian12:debug-nonroot@${DIGEST} AS base\nFROM base\n` } },
    { name: 'a Chainguard image', files: { Dockerfile: `FROM cgr.dev/chainguard/python:latest@${DIGEST}\nCOPY app /app\n` } },
    { name: 'a Jupyter docker-stacks image', files: { Dockerfile: `FROM quay.io/jupyter/minimal-notebook:2025-01-01@${DIGEST}\nRUN pip install dask\n` } },
    { name: 'final stage inherits USER from the stage it builds on', files: { Dockerfile: `${FROM} AS app\nUSER 65532\nFROM app AS test\nUSER root\nFROM app AS runtime\n` } },
  ],
  invalid: [
    { name: 'missing USER', files: { Dockerfile: `${FROM}\nRUN true\n` }, errors: [{ file: 'Dockerfile', line: 1 }] },
    { name: 'a Chainguard -dev variant (root, to install)', files: { Dockerfile: `FROM cgr.dev/chainguard/python:latest-dev@${DIGEST}\nRUN true\n` }, errors: [{ file: 'Dockerfile', line: 1 }] },
    { name: 'a nonroot base switched back to root', files: { Dockerfile: `FROM gcr.io/distroless/static:nonroot@${DIGEST}\nUSER 0\n` }, errors: [{ file: 'Dockerfile', line: 2 }] },
    { name: 'nonroot elsewhere than the tag', files: { Dockerfile: `FROM example.com/nonroot/app:1.0@${DIGEST}\n` }, errors: [{ file: 'Dockerfile', line: 1 }] },
    { name: 'USER 0', files: { Dockerfile: `${FROM}\nUSER 0\n` }, errors: [{ file: 'Dockerfile', line: 2 }] },
    { name: 'USER 0:0 in a nested Dockerfile', files: { 'svc/Dockerfile': `${FROM}\n\nUSER 0:0\n` }, errors: [{ file: 'svc/Dockerfile', line: 3 }] },
    { name: 'USER root after a non-root build stage', files: { Dockerfile: `${FROM} AS build\nUSER 1000\n${FROM}\nUSER root\n` }, errors: [{ file: 'Dockerfile', line: 4 }] },
    { name: 'inherited root USER', files: { Dockerfile: `${FROM} AS app\nUSER root\nFROM app\n` }, errors: [{ file: 'Dockerfile', line: 2 }] },
    { name: 'only the last USER counts', files: { 'Dockerfile.serve': `${FROM}\nUSER 1000\nUSER root:root\n` }, errors: [{ file: 'Dockerfile.serve', line: 3 }] },
  ],
})
