// Names of what secretlint's recommended rules find, keyed by their message id, spelled the way the
// providers spell them (secretlint's own messages mix cases: "found slack token", "found Sendgrid api key").
const KINDS: Record<string, string> = {
  AWSAccountID: 'AWS Account ID',
  AWSSecretAccessKey: 'AWS Secret Access Key',
  AWSAccessKeyID: 'AWS Access Key ID',
  PrivateKeyP12: 'GCP Service Account Key (P12)',
  PrivateKeyJSON: 'GCP Service Account Key',
  PackageJSON_xOauthToken: 'GitHub Token',
  Npmrc_authToken: 'npm Auth Token',
  NPM_ACCESS_TOKEN: 'npm Access Token',
  SLACK_TOKEN: 'Slack Token',
  IncomingWebhook: 'Slack Incoming Webhook URL',
  BasicAuth: 'Password in a URL',
  OPENAI_TOKEN: 'OpenAI API Key',
  ANTHROPIC_API_KEY: 'Anthropic API Key',
  GROQ_API_KEY: 'Groq API Key',
  HUGGINGFACE_USER_ACCESS_TOKEN: 'Hugging Face Access Token',
  LINEAR_API_TOKEN: 'Linear API Key',
  NOTION_INTEGRATION_TOKEN: 'Notion Integration Token',
  PrivateKey: 'Private Key',
  SENDGRID_KEY: 'SendGrid API Key',
  SHOPIFY_KEY: 'Shopify Access Token',
  GITHUB_TOKEN: 'GitHub Token',
  GITLAB_PERSONAL_ACCESS_TOKEN: 'GitLab Personal Access Token',
  GRAFANA_CLOUD_API_TOKEN: 'Grafana Cloud API Token',
  GRAFANA_SERVICE_ACCOUNT_TOKEN: 'Grafana Service Account Token',
  OPS_TOKEN: '1Password Service Account Token',
  MongoDBConnection: 'MongoDB Connection String with a Password',
  MySQLConnection: 'MySQL Connection String with a Password',
  PostgreSQLConnection: 'PostgreSQL Connection String with a Password',
  HASHICORP_VAULT_SERVICE_TOKEN: 'HashiCorp Vault Service Token',
  HASHICORP_VAULT_BATCH_TOKEN: 'HashiCorp Vault Batch Token',
  HASHICORP_VAULT_RECOVERY_TOKEN: 'HashiCorp Vault Recovery Token',
  VERCEL_PERSONAL_ACCESS_TOKEN: 'Vercel Personal Access Token',
  VERCEL_INTEGRATION_TOKEN: 'Vercel Integration Token',
  VERCEL_APP_ACCESS_TOKEN: 'Vercel App Access Token',
  VERCEL_APP_REFRESH_TOKEN: 'Vercel App Refresh Token',
  VERCEL_AI_GATEWAY_API_KEY: 'Vercel AI Gateway API Key',
  DATABRICKS_PERSONAL_ACCESS_TOKEN: 'Databricks Personal Access Token',
  DOCKER_PERSONAL_ACCESS_TOKEN: 'Docker Personal Access Token',
  FIGMA_PERSONAL_ACCESS_TOKEN: 'Figma Personal Access Token',
}

/** The kind of a secretlint finding; a message id this table lacks keeps secretlint's own wording. */
export function kindOf(messageId: string | undefined, message: string): string {
  const known = messageId === undefined ? undefined : KINDS[messageId]
  return known ?? message.replace(/^found /i, '').replace(/\(\**\)/g, '').replace(/:.*$/s, '').trim()
}

// "an" before a vowel sound; initialisms read letter by letter ("an npm", "an SSH") are listed.
const AN = /^(?:[AEIO]|npm\b|SSH\b|RSA\b|HMAC\b)/

/** "an AWS Secret Access Key", "a Slack Token", "an npm Access Token". */
export function withArticle(kind: string): string {
  return `${AN.test(kind) ? 'an' : 'a'} ${kind}`
}
