import rule from '../../../src/conform/rules/dockerignore-entries.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [
    { name: 'all entries', files: { Dockerfile: 'FROM a:1\n', '.dockerignore': '.git\n.env\n.env.*\n' } },
    { name: 'no Dockerfile, no need', files: { 'a.py': '' } },
    { name: 'broader patterns', files: { Dockerfile: 'FROM a:1\n', '.dockerignore': '.git/\n.env*\n' } },
    // `pip install .` runs `git describe` for setuptools-scm: the build needs .git in its context.
    { name: 'a package versioned from git tags keeps .git', files: { Dockerfile: 'FROM a:1\nCOPY . .\n', '.dockerignore': '.env\n.env.*\n', 'pyproject.toml': '[build-system]\nrequires = ["setuptools>=64", "setuptools-scm>=8"]\n' } },
    { name: 'a Dockerfile that copies .git itself', files: { Dockerfile: 'FROM a:1\nCOPY .git /src/.git\n', '.dockerignore': '.env\n.env.*\n' } },
  ],
  invalid: [
    {
      name: 'a package versioned by hatch-vcs: the .env entries only (fixed)',
      files: { Dockerfile: 'FROM a:1\nCOPY . .\n', 'pyproject.toml': '[tool.hatch.version]\nsource = "vcs"\n[build-system]\nrequires = ["hatchling", "hatch-vcs"]\n' },
      errors: [{ file: '.dockerignore', line: undefined, message: /^There is no \.dockerignore to exclude `\.env`, `\.env\.\*`: add them/ }],
      output: { '.dockerignore': '.env\n.env.*\n' },
    },
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
