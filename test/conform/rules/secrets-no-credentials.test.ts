import rule from '../../../src/conform/rules/secrets-no-credentials.js'
import { ruleTester } from '../helpers.js'

// Built at run time so this test file itself holds no credential-shaped string.
const GITHUB_TOKEN = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_')
const PRIVATE_KEY = `-----BEGIN RSA ${'PRIVATE'} KEY-----\nMIIEowIBAAKCAQEA${'Q'.repeat(200)}\n-----END RSA ${'PRIVATE'} KEY-----\n`

ruleTester(rule, {
  valid: [
    { name: 'placeholders and env reads', files: { 'app.py': 'import os\ntoken = os.environ["GITHUB_TOKEN"]\nurl = "postgres://${USER}:${PASSWORD}@db/app"\n' } },
    { name: 'binary files are skipped', files: { 'model.bin': `\0\0${GITHUB_TOKEN}` } },
    { name: 'secretlint-disable comment', files: { 'fixture.txt': `# secretlint-disable-next-line\ntoken = "${GITHUB_TOKEN}"\n` } },
  ],
  invalid: [
    {
      name: 'GitHub token, private key and a DB URL with a password',
      files: { 'src/a.py': `\n\ntoken = "${GITHUB_TOKEN}"\n`, 'deploy/key.pem': PRIVATE_KEY, 'config.yaml': `db: postgresql://app:${'Sup3rS3cretPw'}@db.example.com:5432/app\n` },
      errors: [{ file: 'config.yaml', line: 1 }, { file: 'deploy/key.pem', line: 1 }, { file: 'src/a.py', line: 3 }],
    },
  ],
})
