import rule from '../../../src/conform/rules/secrets-env-ignored.js'
import { ruleTester } from '../helpers.js'

const GITIGNORE = '.env\n.env.*\n!.env.example\n'

ruleTester(rule, {
  valid: [
    { name: 'ignored, example tracked (git)', files: { '.gitignore': GITIGNORE, '.env.example': 'A=\n' }, git: true },
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
      files: { '.gitignore': 'node_modules/', 'svc/.env': 'A=1\n' },
      git: true,
      errors: [{ file: '.gitignore', line: undefined }, { file: 'svc/.env', line: 1 }],
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
