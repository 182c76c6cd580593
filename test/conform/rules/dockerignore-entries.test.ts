import rule from '../../../src/conform/rules/dockerignore-entries.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [
    { name: 'all entries', files: { Dockerfile: 'FROM a:1\n', '.dockerignore': '.git\n.env\n.env.*\n' } },
    { name: 'no Dockerfile, no need', files: { 'a.py': '' } },
    { name: 'broader patterns', files: { Dockerfile: 'FROM a:1\n', '.dockerignore': '.git/\n.env*\n' } },
  ],
  invalid: [
    {
      name: 'missing .dockerignore',
      files: { Dockerfile: 'FROM a:1\n' },
      errors: [{ file: '.dockerignore', line: undefined }],
      output: { '.dockerignore': '.git\n.env\n.env.*\n' },
    },
    {
      name: 'missing .env entries, no trailing newline',
      files: { Dockerfile: 'FROM a:1\n', '.dockerignore': 'node_modules\n.git' },
      // A missing entry has no line of its own: the finding is about the file.
      errors: [{ file: '.dockerignore', line: undefined }],
      output: { '.dockerignore': 'node_modules\n.git\n.env\n.env.*\n' },
    },
    {
      // Docker's builder matches case-sensitively on Linux: .ENV keeps .env in the build context.
      name: 'the entries in another case',
      files: { Dockerfile: 'FROM a:1\n', '.dockerignore': '.GIT\n.ENV\n.ENV.*\n' },
      errors: [{ file: '.dockerignore', line: undefined }],
    },
    {
      name: 'a negation lets .env through: at that line and column',
      files: { Dockerfile: 'FROM a:1\n', '.dockerignore': '.git\n.env*\n!.env\n' },
      errors: [{ file: '.dockerignore', line: 3, column: 1 }],
    },
  ],
})
