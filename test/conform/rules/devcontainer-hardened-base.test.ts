import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import rule from '../../../src/conform/rules/devcontainer-hardened-base.js'
import { checkRule, DIGEST, ruleTester, testdir, type Tree } from '../helpers.js'

async function writeTree(dir: string, files: Tree): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
    await writeFile(path.join(dir, file), content)
  }
}

const FILE = '.devcontainer/devcontainer.json'
const DEV = 'ghcr.io/opsmith/python:3.11-dev'
// A Docker Compose dev container (the Dev Containers spec's dockerComposeFile and service).
const COMPOSE_DEVCONTAINER = '{\n  "dockerComposeFile": "compose.yaml",\n  "service": "app",\n  "workspaceFolder": "/workspace"\n}'
const MANIFEST = JSON.stringify({ template: { id: 'python-ml', version: '0.1.0' }, answers: { devImage: `${DEV}@${DIGEST}` } })

ruleTester(rule, {
  valid: [
    { name: 'image is the answered dev base', files: { [FILE]: `{ "image": "${DEV}@${DIGEST}" }`, '.opsmith.json': MANIFEST } },
    { name: 'Dockerfile builds from it', files: { [FILE]: '{ "build": { "dockerfile": "Dockerfile" } }', '.devcontainer/Dockerfile': `FROM ${DEV}@${DIGEST}\n`, '.opsmith.json': MANIFEST } },
    {
      name: 'build.target: the stage chain of the project Dockerfile ends at the answered Debian image',
      files: {
        [FILE]: '{ "build": { "dockerfile": "../Dockerfile", "context": "..", "target": "dev" } }',
        Dockerfile: `ARG DEBIAN_IMAGE=debian:12@${DIGEST}\nFROM \${DEBIAN_IMAGE} AS dev\nRUN true\nFROM dev AS build\nFROM python:3.12 AS other\n`,
        '.opsmith.json': JSON.stringify({ answers: { debianImage: `debian:12@${DIGEST}`, devImage: '', baseImage: '' } }),
      },
    },
    { name: 'compose: the service image is the answered dev base', files: { [FILE]: COMPOSE_DEVCONTAINER, '.devcontainer/compose.yaml': `services:\n  app:\n    image: ${DEV}@${DIGEST}\n`, '.opsmith.json': MANIFEST } },
    { name: 'compose: an image from a variable is not known here', files: { [FILE]: COMPOSE_DEVCONTAINER, '.devcontainer/compose.yaml': 'services:\n  app:\n    image: ${DEV_IMAGE:-python:3.12}\n' } },
    { name: 'compose: a Dockerfile written inline is not read', files: { [FILE]: COMPOSE_DEVCONTAINER, '.devcontainer/compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM python:3.12\n' } },
    { name: 'compose: a build from another repository is not here to read', files: { [FILE]: COMPOSE_DEVCONTAINER, '.devcontainer/compose.yaml': 'services:\n  app:\n    build: https://github.com/example/dev.git#main\n' } },
    { name: 'any digest-pinned image without a manifest', files: { [FILE]: `{ "image": "debian:12@${DIGEST}" }` } },
    // An unpinned FROM of a Dockerfile is dockerfile-base-pinned's finding at the same line: not reported twice.
    { name: 'Dockerfile FROM unpinned (dockerfile-base-pinned reports it)', files: { [FILE]: '{ "build": { "dockerfile": "Dockerfile" } }', '.devcontainer/Dockerfile': 'ARG X=1\nFROM python:3.12\n' } },
    {
      name: 'build.target names a stage FROM an unpinned image (dockerfile-base-pinned reports it)',
      files: { [FILE]: '{ "build": { "dockerfile": "../Dockerfile", "target": "dev" } }', Dockerfile: `FROM python:3.12 AS base\nFROM base AS dev\nFROM debian:12@${DIGEST}\n` },
    },
  ],
  invalid: [
    { name: 'unpinned image', files: { [FILE]: '{\n  "image": "mcr.microsoft.com/devcontainers/python:3.12"\n}' }, errors: [{ file: FILE, line: 2 }] },
    { name: 'another pinned image than the dev base', files: { [FILE]: `{ "image": "debian:12@${DIGEST}" }`, '.opsmith.json': MANIFEST }, errors: [{ file: FILE, line: 1 }] },
    {
      // dockerfile-base-pinned sees the pinned default; only the dev container builds from the override.
      name: 'build.args override the ARG default',
      files: { [FILE]: `{ "build": { "dockerfile": "Dockerfile", "args": { "BASE": "debian:12" } } }`, '.devcontainer/Dockerfile': `ARG BASE=${DEV}@${DIGEST}\nFROM \${BASE}\n` },
      errors: [{ file: '.devcontainer/Dockerfile', line: 2 }],
    },
    // A file no Dockerfile rule reads (not named like a Dockerfile): this rule is the only one to see its FROM.
    { name: 'an unpinned FROM in a file named otherwise', files: { [FILE]: '{ "build": { "dockerfile": "dev.containerfile" } }', '.devcontainer/dev.containerfile': 'FROM python:3.12\n' }, errors: [{ file: '.devcontainer/dev.containerfile', line: 1 }] },
    { name: 'no image at all', files: { [FILE]: '{ "name": "dev" }' }, errors: [{ file: FILE, line: 1 }] },
    // What is wrong, at the key that names it: not "names no image".
    {
      name: 'build.target names no stage of the Dockerfile',
      files: { [FILE]: '{\n  "build": {\n    "dockerfile": "../Dockerfile",\n    "target": "dev"\n  }\n}', Dockerfile: `FROM debian:12@${DIGEST} AS base\n` },
      errors: [{ file: FILE, line: 4, column: 5, message: /`build.target` is `dev`, but Dockerfile has no stage of that name/ }],
    },
    // Docker Compose dev containers: the service's image, or the Dockerfile its build names.
    {
      name: 'compose: the service image is unpinned',
      files: { [FILE]: COMPOSE_DEVCONTAINER, '.devcontainer/compose.yaml': 'services:\n  app:\n    image: mcr.microsoft.com/devcontainers/python:3.12\n  db:\n    image: postgres:16\n' },
      errors: [{ file: '.devcontainer/compose.yaml', line: 3, column: 12, message: /Pin the dev container base `mcr.microsoft.com\/devcontainers\/python:3.12` to a digest/ }],
    },
    {
      name: 'compose: the last file that defines the service wins',
      files: { [FILE]: COMPOSE_DEVCONTAINER.replace('"compose.yaml"', '["compose.yaml", "compose.dev.yaml"]'), '.devcontainer/compose.yaml': `services:\n  app:\n    image: ${DEV}@${DIGEST}\n`, '.devcontainer/compose.dev.yaml': 'services:\n  app:\n    image: python:3.12\n' },
      errors: [{ file: '.devcontainer/compose.dev.yaml', line: 3, column: 12 }],
    },
    {
      name: 'compose: a build whose Dockerfile FROM is another pinned image than the dev base',
      files: {
        [FILE]: COMPOSE_DEVCONTAINER,
        '.devcontainer/compose.yaml': 'services:\n  app:\n    build:\n      context: ..\n      dockerfile: docker/dev.Dockerfile\n      target: dev\n      args: [BASE=debian:12]\n',
        'docker/dev.Dockerfile': `ARG BASE=${DEV}@${DIGEST}\nFROM \${BASE} AS dev\n`,
        '.opsmith.json': MANIFEST,
      },
      errors: [{ file: 'docker/dev.Dockerfile', line: 2 }],
    },
    {
      name: 'compose: a build target that names no stage',
      files: { [FILE]: COMPOSE_DEVCONTAINER, '.devcontainer/compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: dev\n', '.devcontainer/Dockerfile': `FROM ${DEV}@${DIGEST}\n` },
      errors: [{ file: '.devcontainer/compose.yaml', line: 5, column: 15, message: /`services.app.build.target` is `dev`, but .devcontainer\/Dockerfile has no stage/ }],
    },
    {
      name: 'compose: the service is not defined',
      files: { [FILE]: COMPOSE_DEVCONTAINER, '.devcontainer/compose.yaml': 'services:\n  web:\n    image: nginx\n' },
      errors: [{ file: FILE, line: 3, column: 3, message: /service `app`, which is not a service of .devcontainer\/compose.yaml/ }],
    },
    {
      name: 'compose: the compose file is missing',
      files: { [FILE]: COMPOSE_DEVCONTAINER },
      errors: [{ file: FILE, line: 2, column: 3, message: /names `.devcontainer\/compose.yaml`, not in the repository/ }],
    },
    {
      name: 'compose: the compose file does not parse',
      files: { [FILE]: COMPOSE_DEVCONTAINER, '.devcontainer/compose.yaml': 'services:\n  app: [\n' },
      // At the end of its last line, not on the line after the final newline, which the file does not have.
      errors: [{ file: '.devcontainer/compose.yaml', line: 2, column: 9, message: /does not parse/ }],
    },
    {
      name: 'build.dockerfile names a file that is not there',
      files: { [FILE]: '{\n  "build": { "dockerfile": "Missing.Dockerfile" }\n}' },
      errors: [{ file: FILE, line: 2, column: 14, message: /`.devcontainer\/Missing.Dockerfile` is not in the repository/ }],
    },
    // Compose and docker build take an absolute Dockerfile or context as it is: one outside the repository is said so.
    {
      name: 'build.dockerfile is an absolute path outside the repository',
      files: { [FILE]: '{\n  "build": { "dockerfile": "/opt/dev/Dockerfile" }\n}' },
      errors: [{ file: FILE, line: 2, column: 14, message: /builds from `\/opt\/dev\/Dockerfile`, an absolute path outside the repository: conform cannot check it/ }],
    },
    {
      name: 'compose: an absolute Dockerfile outside the repository, whatever the context',
      files: { [FILE]: COMPOSE_DEVCONTAINER, '.devcontainer/compose.yaml': 'services:\n  app:\n    build:\n      context: ..\n      dockerfile: /opt/dev/Dockerfile\n' },
      errors: [{ file: '.devcontainer/compose.yaml', line: 5, column: 19, message: /Make `services.app.build.dockerfile` \(and a build context\) relative/ }],
    },
    {
      name: 'compose: an absolute context outside the repository',
      files: { [FILE]: COMPOSE_DEVCONTAINER, '.devcontainer/compose.yaml': 'services:\n  app:\n    build:\n      context: /opt/dev\n' },
      errors: [{ file: '.devcontainer/compose.yaml', line: 4, column: 7, message: /builds from `\/opt\/dev\/Dockerfile`, an absolute path outside/ }],
    },
  ],
})

describe('devcontainer-hardened-base and absolute paths', () => {
  it('reads an absolute Dockerfile path that is inside the repository where it is, from devcontainer.json and from compose', async () => {
    const dir = await testdir({})
    await writeTree(dir, {
      [FILE]: `{ "build": { "dockerfile": "${dir}/docker/dev.Dockerfile" } }`,
      // Pinned, but not the answered dev base: reported at its FROM, in the file the absolute path names.
      'docker/dev.Dockerfile': `FROM python:3.12 AS dev\nFROM debian:12@${DIGEST}\n`,
      '.opsmith.json': MANIFEST,
    })
    expect(await checkRule(rule, dir, {}, [], [true])).toEqual([{ file: 'docker/dev.Dockerfile', line: 2, message: expect.stringContaining('debian:12') }])
    await writeTree(dir, {
      [FILE]: COMPOSE_DEVCONTAINER,
      '.devcontainer/compose.yaml': `services:\n  app:\n    build:\n      context: ${dir}\n      dockerfile: docker/dev.Dockerfile\n`,
    })
    expect(await checkRule(rule, dir, {}, [], [true])).toEqual([{ file: 'docker/dev.Dockerfile', line: 2, message: expect.stringContaining('debian:12') }])
  })
})
