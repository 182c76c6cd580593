import rule from '../../../src/conform/rules/secrets-env-example-names-only.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [
    { name: 'names and placeholders', files: { '.env.example': '# Webhook for drift alerts\nDRIFT_WEBHOOK_URL=\nAPI_TOKEN=<your token>\nexport DB_PASSWORD=""\nLOG_LEVEL=info\n' }, options: { allowValues: ['LOG_LEVEL'] } },
  ],
  invalid: [{ name: 'values', files: { '.env.example': 'A=\nAPI_TOKEN=abc123\nDB_URL="postgres://x"\n' }, errors: [{ file: '.env.example', line: 2 }, { file: '.env.example', line: 3 }] }],
})
