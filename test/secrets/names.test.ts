import { describe, expect, it } from 'vitest'
import { isSecretName } from '../../src/secrets/index.js'

// One table for both users of the heuristic: conform's dockerfile-no-secrets-in-env and `image verify`.
const SECRET = ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'OPENAI_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'DB_PASS', 'POSTGRES_PASSWD', 'NPM_TOKEN', 'GITHUB_TOKEN', 'CLIENT_SECRET', 'GOOGLE_APPLICATION_CREDENTIALS', 'SSH_PRIVATE_KEY', 'AZURE_STORAGE_ACCOUNT_KEY', 'JWT_SIGNING_KEY', 'apiKey', 'dbPassword', 'api-key', 'WANDB_API_KEY', 'AUTH_TOKEN', 'GPG_PASSPHRASE', 'SENTRY_AUTH_KEY']
const NOT_SECRET = ['AUTH_MODE', 'TOKENIZERS_PARALLELISM', 'HF_HOME', 'HF_HUB_CACHE', 'HF_HUB_OFFLINE', 'HF_HUB_DISABLE_TELEMETRY', 'TRANSFORMERS_CACHE', 'TRANSFORMERS_OFFLINE', 'PASSWORD_MIN_LENGTH', 'PASSWORD_FILE', 'DB_PASSWORD_FILE', 'TOKEN_URL', 'MAX_TOKENS', 'SECRET_NAME', 'AWS_ACCESS_KEY_ID', 'PYTHONUNBUFFERED', 'KEYCLOAK_REALM', 'BYPASS_CACHE', 'PRIVATE_REGISTRY', 'PWD', 'OAUTH_ENABLED', 'PASSPORT_STRATEGY']

describe('isSecretName', () => {
  it.each(SECRET)('%s holds a credential', (name) => expect(isSecretName(name)).toBe(true))
  it.each(NOT_SECRET)('%s does not', (name) => expect(isSecretName(name)).toBe(false))
  it('takes an allow-list that replaces the default one', () => {
    expect(isSecretName('GITHUB_TOKEN_SCOPE')).toBe(true)
    expect(isSecretName('GITHUB_TOKEN_SCOPE', ['GITHUB_TOKEN_SCOPE'])).toBe(false)
  })
})
