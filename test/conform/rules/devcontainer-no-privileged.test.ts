import rule from '../../../src/conform/rules/devcontainer-no-privileged.js'
import { ruleTester } from '../helpers.js'

const FILE = '.devcontainer/devcontainer.json'

ruleTester(rule, {
  valid: [
    { name: 'harmless settings with comments', files: { [FILE]: '{\n  // the dev image\n  "image": "x",\n  "capAdd": ["NET_BIND_SERVICE"],\n  "runArgs": ["--init"],\n}\n' } },
  ],
  invalid: [
    {
      name: 'privileged, SYS_ADMIN, runArgs flags',
      files: { [FILE]: '{\n  "privileged": true,\n  "capAdd": ["SYS_ADMIN"],\n  "runArgs": [\n    "--privileged",\n    "--cap-add", "CAP_NET_ADMIN",\n    "--security-opt=seccomp=unconfined"\n  ]\n}\n' },
      errors: [
        { file: FILE, line: 2 },
        { file: FILE, line: 3 },
        { file: FILE, line: 5 },
        { file: FILE, line: 6 },
        { file: FILE, line: 7 },
      ],
    },
    { name: 'root-level .devcontainer.json', files: { '.devcontainer.json': '{ "securityOpt": ["apparmor=unconfined"] }' }, errors: [{ file: '.devcontainer.json', line: 1 }] },
  ],
})
