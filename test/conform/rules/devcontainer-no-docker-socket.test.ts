import rule from '../../../src/conform/rules/devcontainer-no-docker-socket.js'
import { ruleTester } from '../helpers.js'

const FILE = '.devcontainer/devcontainer.json'

ruleTester(rule, {
  valid: [{ name: 'a cache volume', files: { [FILE]: '{ "mounts": ["source=pip-cache,target=/home/app/.cache,type=volume"] }' } }],
  invalid: [
    {
      name: 'socket in mounts (string and object), runArgs, and a feature',
      files: {
        [FILE]: '{\n  "mounts": [\n    "source=/var/run/docker.sock,target=/var/run/docker.sock,type=bind",\n    { "source": "/run/docker.sock", "target": "/var/run/docker.sock", "type": "bind" }\n  ],\n  "runArgs": ["-v", "/var/run/docker.sock:/var/run/docker.sock"],\n  "features": { "ghcr.io/devcontainers/features/docker-outside-of-docker:1": {} }\n}\n',
      },
      errors: [
        { file: FILE, line: 3 },
        { file: FILE, line: 4 },
        { file: FILE, line: 6 },
        { file: FILE, line: 7 },
      ],
    },
  ],
})
