import rule from '../../../src/conform/rules/secrets-env-ignored.js'
import { ruleTester } from '../helpers.js'

const GITIGNORE = '.env\n.env.*\n!.env.example\n'

ruleTester(rule, {
  valid: [
    { name: 'ignored, example tracked (git)', files: { '.gitignore': GITIGNORE, '.env.example': 'A=\n' }, git: true },
    {
      name: 'fixtures of tests and example apps, tracked on purpose',
      files: { '.gitignore': GITIGNORE, 'tests/test_apps/.env': 'FOO=env\n', 'packages/vite/src/node/__tests__/env/.env.production': 'A=/app/\n', 'playground/env/.env': 'B=1\n', 'examples/app/.env': 'C=1\n', 'pkg/testdata/.env': 'D=1\n' },
      git: true,
    },
    { name: 'ignored (walk outside git); the ignored .env is not even listed', files: { '.gitignore': '.env*\n!.env.example\n', '.env': 'A=1\n' } },
  ],
  invalid: [
    {
      name: 'no .gitignore (fixed)',
      files: { 'a.py': '' },
      errors: [{ file: '.gitignore', line: undefined }],
      output: { '.gitignore': '# Local environment files hold secrets\n.env\n.env.*\n!.env.example\n' },
    },
    {
      name: 'tracked .env in a subfolder and .gitignore without env patterns (fixed)',
      files: { '.gitignore': 'node_modules/', 'svc/.env': 'A=1\n', 'latest/.env': 'B=1\n', 'contests/.env': 'C=1\n' },
      git: true,
      errors: [{ file: '.gitignore', line: undefined }, { file: 'contests/.env', line: 1 }, { file: 'latest/.env', line: 1 }, { file: 'svc/.env', line: 1 }],
    },
    {
      name: 'a negation un-ignores .env.local: at that line',
      files: { '.gitignore': 'dist/\n.env\n.env.*\n!.env.local\n' },
      git: true,
      errors: [{ file: '.gitignore', line: 4, column: 1 }],
    },
    {
      name: 'the same outside git',
      files: { '.gitignore': '.env*\n!.env.production\n' },
      errors: [{ file: '.gitignore', line: 2, column: 1 }],
    },
  ],
})
