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
      // At the key (`"privileged"`) or the array item (`"SYS_ADMIN"`, each runArgs flag).
      errors: [
        { file: FILE, line: 2, column: 3 },
        { file: FILE, line: 3, column: 14 },
        { file: FILE, line: 5, column: 5 },
        { file: FILE, line: 6, column: 5 },
        { file: FILE, line: 7, column: 5 },
      ],
    },
    { name: 'root-level .devcontainer.json', files: { '.devcontainer.json': '{ "securityOpt": ["apparmor=unconfined"] }' }, errors: [{ file: '.devcontainer.json', line: 1, column: 19 }] },
  ],
})
