// The labelled secret-detection corpus: real-shaped but fake credentials (`secret: true`, with the
// 1-based line they sit on) and lures that only look like credentials (`secret: false`). Values are
// generated from a fixed seed and assembled at run time, so this file holds no credential verbatim
// (and push protection or a scanner run on this repository has nothing to find). Used by
// test/secrets/corpus.test.ts and test/bench/secrets.bench.mjs.

let seed = 0x5eed
function random() {
  // mulberry32: deterministic, so the corpus is the same on every run.
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const HEX = '0123456789abcdef'
const B64 = `${ALNUM}+/`
const URLSAFE = `${ALNUM}-_`
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const r = (length, alphabet = ALNUM) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
// Joins prefix pieces so no provider prefix appears next to its body in this file.
const j = (...parts) => parts.join('')
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')
// DER (or OpenSSH) headers as real keys have them, then random bytes.
const KEY_HEADERS = {
  'RSA PRIVATE KEY': [0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00],
  'PRIVATE KEY': [0x30, 0x82, 0x04, 0xbe, 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00],
  'EC PRIVATE KEY': [0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20],
  'OPENSSH PRIVATE KEY': [...Buffer.from('openssh-key-v1\0')],
  'PUBLIC KEY': [0x30, 0x82, 0x01, 0x22, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00],
}
const pem = (label, bytes) => {
  const header = KEY_HEADERS[label]
  const body = Buffer.from([...header, ...Array.from({ length: bytes - header.length }, () => Math.floor(random() * 256))]).toString('base64')
  return [`-----BEGIN ${label}-----`, ...body.match(/.{1,64}/g), `-----END ${label}-----`].join('\n')
}
const jwt = (payload) => [b64url({ alg: 'HS256', typ: 'JWT' }), b64url(payload), r(43, URLSAFE)].join('.')
const notebook = (...sources) =>
  JSON.stringify(
    {
      cells: sources.map((source) => ({ cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source: source.split(/(?<=\n)/) })),
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )
const lineOf = (content, needle) => content.slice(0, content.indexOf(needle)).split('\n').length

/** A secret entry: `line` is where the detector must report it. */
function secret(kind, file, content, needle) {
  return { kind, file, content, secret: true, line: lineOf(content, needle) }
}
function lure(kind, file, content) {
  return { kind, file, content, secret: false }
}

const awsSecret = r(40, B64)
const awsId = j('AKIA', r(16, UPPER_DIGITS))
const gcpKey = pem('PRIVATE KEY', 1190)
const azureKey = `${r(86, B64)}==`
const openaiProject = j('sk-proj-', r(74, URLSAFE), 'T3Blbk', 'FJ', r(74, URLSAFE))
const openaiLegacy = j('sk-', r(20), 'T3Blbk', 'FJ', r(20))
const anthropic = j('sk-ant-', 'api03-', r(93, URLSAFE), 'AA')
const hf = j('hf', '_', r(34, LETTERS))
const cohere = r(40)
const wandbKey = r(40, HEX)
const jwtToken = jwt({ sub: 'svc-batch-scorer', iss: 'https://auth.internal.acme.io', aud: 'model-api', iat: 1764547200, exp: 1796083200 })
const dockerfile = (env) => `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n${env}\nUSER 65532:65532\nCMD ["python", "-m", "app"]\n`

export const SECRETS = [
  secret('AWS Secret Access Key', '.env', `AWS_ACCESS_KEY_ID=${awsId}\nAWS_SECRET_ACCESS_KEY=${awsSecret}\nAWS_REGION=eu-west-1\n`, 'AWS_SECRET'),
  secret('AWS Secret Access Key', '.aws/credentials', `[default]\naws_access_key_id = ${j('AKIA', r(16, UPPER_DIGITS))}\naws_secret_access_key = ${r(40, B64)}\n`, 'aws_secret'),
  secret('AWS Access Key ID', 'scripts/upload.py', `import boto3\n\ns3 = boto3.client("s3", aws_access_key_id="${j('AKIA', r(16, UPPER_DIGITS))}")\n`, 's3 ='),
  secret('GCP Service Account Key', 'keys/trainer-sa.json', JSON.stringify({ type: 'service_account', project_id: 'ml-prod-4411', private_key_id: r(40, HEX), private_key: `${gcpKey}\n`, client_email: 'trainer@ml-prod-4411.iam.gserviceaccount.com', client_id: r(21, '0123456789'), token_uri: 'https://oauth2.googleapis.com/token' }, null, 2), '"private_key"'),
  secret('Azure Storage Account Key', 'appsettings.json', `{\n  "ConnectionStrings": {\n    "Blob": "DefaultEndpointsProtocol=https;AccountName=mlartifacts7;AccountKey=${azureKey};EndpointSuffix=core.windows.net"\n  }\n}\n`, '"Blob"'),
  secret('Azure Shared Access Key', 'config/servicebus.env', `SERVICEBUS=Endpoint=sb://ml-events.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${r(42, B64)}Q=\n`, 'SERVICEBUS'),
  secret('Google API Key', 'web/src/config.js', `export const firebase = {\n  apiKey: "${j('AIza', 'Sy', r(33, URLSAFE))}",\n  projectId: "demo-app",\n}\n`, 'apiKey'),
  secret('Google OAuth Client Secret', 'client_secret.json', JSON.stringify({ installed: { client_id: `${r(12, '0123456789')}-${r(32, 'abcdefghijklmnopqrstuvwxyz0123456789')}.apps.googleusercontent.com`, client_secret: j('GOCSPX', '-', r(28, URLSAFE)) } }, null, 2), 'client_secret'),
  secret('GitHub Token', 'scripts/release.sh', `#!/bin/sh\nset -eu\nexport GH_TOKEN=${j('gh', 'p_', r(36))}\ngh release create "$1"\n`, 'export GH_TOKEN'),
  secret('GitHub Token', '.github/release.env', `GITHUB_TOKEN=${j('github', '_pat_', r(22), '_', r(59))}\n`, 'GITHUB_TOKEN'),
  secret('GitHub Token', 'deploy/hub.yml', `github.com:\n  - user: ci-bot\n    oauth_token: ${j('gh', 'o_', r(36))}\n    git_protocol: https\n`, 'oauth_token'),
  secret('GitLab Personal Access Token', 'ci/mirror.sh', `git push "https://oauth2:$TOKEN@gitlab.com/acme/models.git"\nTOKEN=${j('gl', 'pat-', r(20, URLSAFE))}\n`, 'TOKEN='),
  secret('OpenAI API Key', 'app/llm.py', `from openai import OpenAI\n\nclient = OpenAI(api_key="${openaiProject}")\n`, 'client ='),
  secret('OpenAI API Key', '.env.production', `OPENAI_API_KEY=${openaiLegacy}\n`, 'OPENAI'),
  secret('Anthropic API Key', 'app/claude.py', `import anthropic\n\nclient = anthropic.Anthropic(\n    api_key="${anthropic}",\n)\n`, 'api_key'),
  secret('Anthropic API Key', 'notebooks/claude-eval.ipynb', notebook('import anthropic\n', `ANTHROPIC_API_KEY = "${j('sk-ant-', 'api03-', r(93, URLSAFE), 'AA')}"\nclient = anthropic.Anthropic(api_key=ANTHROPIC_API_KEY)\n`), 'ANTHROPIC_API_KEY = '),
  secret('Anthropic Admin API Key', 'ops/usage-report.sh', `curl https://api.anthropic.com/v1/organizations/usage_report/messages \\\n  -H "x-api-key: ${j('sk-ant-', 'admin01-', r(93, URLSAFE), 'AA')}"\n`, 'x-api-key'),
  secret('Hugging Face Access Token', 'Dockerfile', dockerfile(`ENV HF_TOKEN=${hf}`), 'ENV HF_TOKEN'),
  secret('Hugging Face Access Token', 'notebooks/finetune.ipynb', notebook('from huggingface_hub import login\n', `login(token="${j('hf', '_', r(34, LETTERS))}")\n`), 'login(token'),
  secret('Cohere API Key', 'app/rerank.py', `import cohere\n\nco = cohere.ClientV2(api_key="${cohere}")\n`, 'co = '),
  secret('Cohere API Key', '.env.staging', `COHERE_API_KEY=${r(40)}\n`, 'COHERE'),
  secret('Replicate API Token', '.envrc', `export REPLICATE_API_TOKEN=${j('r8', '_', r(37))}\n`, 'export'),
  secret('Weights & Biases API Key', 'train.env', `WANDB_PROJECT=churn\nWANDB_API_KEY=${wandbKey}\n`, 'WANDB_API_KEY'),
  secret('Weights & Biases API Key', 'home/.netrc', `machine api.wandb.ai\n  login user\n  password ${r(40, HEX)}\n`, 'password'),
  secret('Weights & Biases API Key', 'notebooks/sweep.ipynb', notebook('import wandb\n', `wandb.login(key="${r(40, HEX)}")\nrun = wandb.init(project="sweep")\n`), 'wandb.login'),
  secret('Stripe Live Secret Key', 'billing/settings.py', `STRIPE_SECRET_KEY = "${j('sk', '_live_', r(99))}"\n`, 'STRIPE'),
  secret('Stripe Live Restricted Key', 'billing/.env', `STRIPE_RESTRICTED_KEY=${j('rk', '_live_', r(99))}\n`, 'STRIPE'),
  secret('Slack Bot Token', 'alerts/notify.py', `import os\nSLACK_BOT_TOKEN = "${j('xo', 'xb-', r(12, '0123456789'), '-', r(13, '0123456789'), '-', r(24))}"\n`, 'SLACK_BOT_TOKEN'),
  secret('Slack User Token', 'alerts/config.yaml', `slack:\n  user_token: ${j('xo', 'xp-', r(12, '0123456789'), '-', r(12, '0123456789'), '-', r(13, '0123456789'), '-', r(32, HEX))}\n`, 'user_token'),
  secret('Slack Incoming Webhook URL', 'monitoring/drift.yaml', `notify:\n  webhook: https://hooks.slack.com/services/${j('T', r(10, UPPER_DIGITS), '/B', r(10, UPPER_DIGITS), '/', r(24))}\n`, 'webhook'),
  secret('JSON Web Token', 'tests/http/predict.http', `POST https://api.acme.io/v1/predict\nAuthorization: Bearer ${jwtToken}\nContent-Type: application/json\n`, 'Authorization'),
  secret('PostgreSQL Connection String', 'config/prod.toml', `[database]\nurl = "postgresql://ml_app:${r(24)}@prod-db.c9x1.eu-west-1.rds.amazonaws.com:5432/features"\n`, 'url ='),
  secret('MongoDB Connection String', 'app/store.py', `client = MongoClient("mongodb+srv://svc-writer:${r(20)}@cluster0.ab12c.mongodb.net/predictions")\n`, 'client'),
  secret('MySQL Connection String', 'docker-compose.prod.yml', `services:\n  api:\n    environment:\n      DATABASE_URL: mysql://shop:${r(18)}@mysql.prod.acme.io:3306/shop\n`, 'DATABASE_URL'),
  secret('RSA Private Key', 'deploy/id_rsa', `${pem('RSA PRIVATE KEY', 1190)}\n`, '-----BEGIN'),
  secret('OpenSSH Private Key', 'deploy/ci_ed25519', `${pem('OPENSSH PRIVATE KEY', 300)}\n`, '-----BEGIN'),
  secret('EC Private Key', 'certs/server.key', `${pem('EC PRIVATE KEY', 121)}\n`, '-----BEGIN'),
  secret('npm Access Token', '.npmrc', `//registry.npmjs.org/:_authToken=${j('np', 'm_', r(36))}\n`, '//registry'),
  secret('SendGrid API Key', 'mailer/.env', `SENDGRID_API_KEY=${j('SG', '.', r(22, URLSAFE), '.', r(43, URLSAFE))}\n`, 'SENDGRID'),
  secret('Docker Personal Access Token', 'ci/Dockerfile.publish', dockerfile(`RUN echo ${j('dckr', '_pat_', r(27, URLSAFE))} | docker login -u acme --password-stdin`), 'RUN echo'),
  secret('Databricks Personal Access Token', 'jobs/databricks.cfg', `[DEFAULT]\nhost = https://adb-1234567890123456.7.azuredatabricks.net\ntoken = ${j('da', 'pi', r(32, HEX))}\n`, 'token ='),
  secret('Groq API Key', 'app/fast.py', `GROQ_API_KEY = "${j('gs', 'k_', r(52))}"\n`, 'GROQ'),
  secret('HashiCorp Vault Service Token', 'ops/vault.env', `VAULT_ADDR=https://vault.acme.io\nVAULT_TOKEN=${j('hv', 's.', r(95, URLSAFE))}\n`, 'VAULT_TOKEN'),
  secret('PyPI API Token', '.pypirc', `[pypi]\nusername = __token__\npassword = ${j('pypi-', 'AgEIcHlwaS5vcmc', r(70, URLSAFE))}\n`, 'password'),
  secret('Shopify Access Token', 'shop/.env', `SHOPIFY_ACCESS_TOKEN=${j('shp', 'at_', r(32, HEX))}\n`, 'SHOPIFY'),
  secret('Password in a URL', 'scripts/mirror.sh', `git clone https://deploy-bot:${r(24)}@git.acme.io/ml/models.git\n`, 'git clone'),
  secret('OpenAI API Key', 'Dockerfile.serve', dockerfile(`ENV OPENAI_API_KEY=${j('sk-proj-', r(74, URLSAFE), 'T3Blbk', 'FJ', r(74, URLSAFE))}`), 'ENV OPENAI'),
]

export const LURES = [
  lure('AWS documentation example keys', 'docs/aws.md', `Set:\n\n    AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n    AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`),
  lure('localhost database in a test config', 'tests/conftest.py', `import pytest\n\nDATABASE_URL = "postgres://postgres:postgres@localhost:5432/test"\n`),
  lure('CI service container database', '.github/workflows/test.yml', `env:\n  DATABASE_URL: postgresql://postgres:postgres@127.0.0.1:5432/postgres\n`),
  lure('documentation database URL on example.com', 'README.md', `Point it at your database, e.g. \`mysql://shop:s3cr3t@db.example.com/shop\`.\n`),
  lure('database URL without credentials', 'config/dev.env', `MONGO_URL=mongodb://localhost:27017/test\n`),
  lure('UUID as an id', 'app/ids.py', `DEFAULT_TENANT_ID = "123e4567-e89b-12d3-a456-426614174000"\napi_key_id = "9f1b7c2e-3d4a-4b5c-8d6e-7f8091a2b3c4"\n`),
  lure('image digest', 'Dockerfile', dockerfile('ENV TOKENIZERS_PARALLELISM=false HF_HOME=/cache/hf').replace('python:3.12-slim', `python:3.12-slim@sha256:${r(64, HEX)}`)),
  lure('pinned wandb git dependency', 'requirements.txt', `wandb @ git+https://github.com/wandb/wandb@${r(40, HEX)}\nnumpy==2.1.3\n`),
  lure('W&B artifact digest', 'app/tracking.py', `wandb_artifact_digest = "${r(40, HEX)}"\n`),
  lure('GitHub token placeholder', 'docs/ci.md', `export GH_TOKEN=${j('gh', 'p_')}${'x'.repeat(36)}\n`),
  lure('OpenAI key placeholder', '.env.example', `OPENAI_API_KEY=sk-your-key-here\nANTHROPIC_API_KEY=\nCOHERE_API_KEY=<your-cohere-key>\nREPLICATE_API_TOKEN=r8_****\n`),
  lure('secret reference in a workflow', '.github/workflows/train.yml', 'env:\n  HF_TOKEN: ${{ secrets.HF_TOKEN }}\n  WANDB_API_KEY: ${{ secrets.WANDB_API_KEY }}\n'),
  lure('environment lookup', 'app/db.py', `import os\n\npassword = os.environ["DB_PASSWORD"]\ntoken = os.getenv("HF_TOKEN")\n`),
  lure('Slack documentation webhook', 'docs/alerts.md', `webhook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n`),
  lure('jwt.io example token', 'docs/auth.md', 'Example: `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`\n'),
  lure('Azurite emulator connection string', 'local.settings.json', '{ "AzureWebJobsStorage": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;" }\n'),
  lure('Stripe test and publishable keys', 'billing/test_settings.py', `STRIPE_SECRET_KEY = "${j('sk', '_test_', r(99))}"\nSTRIPE_PUBLISHABLE_KEY = "${j('pk', '_live_', r(99))}"\n`),
  lure('public key', 'certs/server.pub', `${pem('PUBLIC KEY', 294)}\n`),
  lure('private key placeholder in docs', 'docs/ssh.md', '```\n-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n```\n'),
  lure('package-lock integrity hash', 'package-lock.json', JSON.stringify({ packages: { 'node_modules/left-pad': { version: '1.3.0', resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz', integrity: `sha512-${r(86, B64)}==` } } }, null, 2)),
  lure('notebook with an image output', 'notebooks/plot.ipynb', JSON.stringify({ cells: [{ cell_type: 'code', source: ['plt.show()\n'], outputs: [{ output_type: 'display_data', data: { 'image/png': r(3000, B64) } }] }], nbformat: 4, nbformat_minor: 5 })),
  lure('git LFS pointer', 'models/model.onnx', `version https://git-lfs.github.com/spec/v1\noid sha256:${r(64, HEX)}\nsize 48213377\n`),
  lure('Google API key placeholder', 'web/.env.example', `GOOGLE_API_KEY=AIzaSy${'X'.repeat(33)}\n`),
  lure('hash constants', 'app/cache.py', `EMPTY_SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"\nMODEL_SHA256 = "${r(64, HEX)}"\nsecret_hash = "${r(40, HEX)}"\n`),
  lure('settings named like secrets', 'Dockerfile.dev', dockerfile('ENV AUTH_MODE=on TOKENIZERS_PARALLELISM=false PASSWORD_MIN_LENGTH=12')),
]
