// opsmith's own detectors, for kinds secretlint's recommended preset does not know (Stripe, Google,
// Azure, JWTs, Cohere, Replicate, Weights & Biases, PyPI, ...). Shapes follow the providers' documented
// formats and gitleaks' rules; a provider without a prefix (Cohere, W&B) is matched only next to its name.

/** A detector: `pattern` (global) finds candidates; its first capture group that matched is the secret, else the whole match. */
export interface SecretPattern {
  id: string
  /** What was found, as it reads after "Found a/an". */
  kind: string
  /** Keyword and gate pair for the prefilter (see keywords.ts); every match contains the keyword. */
  keywords: Array<[keyword: string, gate: string]>
  /** What must match where a keyword starts (sticky); `i` makes the keywords case-insensitive. */
  next: RegExp
  pattern: RegExp
  /** Rejects a candidate that has the shape but not the substance (e.g. a JWT whose parts are not JSON). */
  accept?: (secret: string) => boolean
}

// `= "`, `: `, `"]="`: a key name's end up to its value, in shell, YAML, JSON, Python and TOML.
// In a notebook the quotes are escaped (`\"`).
const ASSIGN = String.raw`(?:\\?["'])?\]?\s*[:=]\s*(?:\\?["'])?`

export const PATTERNS: SecretPattern[] = [
  {
    id: 'opsmith/aws-access-key-id',
    kind: 'AWS Access Key ID',
    keywords: [['AKIA', 'KI'], ['ASIA', 'SI']],
    next: /A[KS]IA[0-9A-Z]{16}/y,
    pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  },
  {
    id: 'opsmith/google-api-key',
    kind: 'Google API Key',
    keywords: [['AIza', 'Iz']],
    next: /AIza/y,
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
  },
  {
    id: 'opsmith/google-oauth-client-secret',
    kind: 'Google OAuth Client Secret',
    keywords: [['GOCSPX-', 'PX']],
    next: /GOCSPX-/y,
    pattern: /\bGOCSPX-[0-9A-Za-z_-]{28}(?![0-9A-Za-z_-])/g,
  },
  {
    id: 'opsmith/azure-storage-key',
    kind: 'Azure Storage Account Key',
    keywords: [['AccountKey=', 'tK']],
    next: /AccountKey=/y,
    pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/g,
  },
  {
    id: 'opsmith/azure-shared-access-key',
    kind: 'Azure Shared Access Key',
    keywords: [['SharedAccessKey=', 'dA']],
    next: /SharedAccessKey=/y,
    pattern: /SharedAccessKey=([A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)/g,
  },
  {
    id: 'opsmith/stripe',
    kind: 'Stripe Live Secret Key',
    keywords: [['sk_live_', 'k_'], ['rk_live_', 'k_']],
    next: /[sr]k_live_/y,
    pattern: /\b[sr]k_live_[0-9a-zA-Z]{24,247}\b/g,
  },
  {
    id: 'opsmith/jwt',
    kind: 'JSON Web Token',
    keywords: [['eyJ', 'yJ']],
    next: /eyJ[A-Za-z0-9_-]{8,}\.eyJ/y,
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g,
    accept: isSignedJwt,
  },
  {
    id: 'opsmith/anthropic-admin',
    kind: 'Anthropic Admin API Key',
    keywords: [['sk-ant-admin01-', 'k-']],
    next: /sk-ant-admin01-/y,
    pattern: /\bsk-ant-admin01-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])/g,
  },
  {
    id: 'opsmith/cohere',
    kind: 'Cohere API Key',
    keywords: [['cohere', 'oh'], ['CO_API_KEY', '_K']],
    next: /cohere|co_api_key/iy,
    // COHERE_API_KEY=..., CO_API_KEY=..., cohere.ClientV2(api_key="...").
    pattern: new RegExp(String.raw`(?:cohere_?(?:api_?)?key|co_api_key)${ASSIGN}([A-Za-z0-9]{40})(?![A-Za-z0-9])|cohere\.(?:Async)?Client(?:V2)?\(\s*(?:api_key\s*=\s*)?\\?["']([A-Za-z0-9]{40})\\?["']`, 'gi'),
  },
  {
    id: 'opsmith/replicate',
    kind: 'Replicate API Token',
    keywords: [['r8_', '8_']],
    next: /r8_/y,
    pattern: /\br8_[A-Za-z0-9]{37}(?![A-Za-z0-9])/g,
  },
  {
    id: 'opsmith/wandb',
    kind: 'Weights & Biases API Key',
    keywords: [['wandb', 'db']],
    next: /wandb/iy,
    // WANDB_API_KEY=..., wandb.login(key="..."), `wandb login KEY`, and .netrc's `machine api.wandb.ai login user password KEY`.
    pattern: new RegExp(
      String.raw`wandb(?:_?(?:api_?)?key${ASSIGN}|\.login\([^)]{0,80}?\bkey\s*=\s*\\?["']|\s+login(?:\s+--?[\w-]+)*\s+|\S{0,10}\s+login\s+\S+\s+password\s+)([a-f0-9]{40})(?![A-Za-z0-9])`,
      'gi',
    ),
  },
  {
    // secretlint's privatekey rule wants the body to start with `MI` (a DER length over 127 bytes), which
    // misses EC P-256 keys (`MHcCAQEE...`) and other short keys.
    id: 'opsmith/private-key',
    kind: 'Private Key',
    keywords: [['PRIVATE KEY', 'PR']],
    next: /PRIVATE KEY-----/y,
    pattern: /-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY-----(?:\s|\\[nr])+(?:M|b3BlbnNzaC1rZXktdjE)[A-Za-z0-9+/]{40,}/g,
  },
  {
    id: 'opsmith/pypi',
    kind: 'PyPI API Token',
    keywords: [['pypi-AgE', '-A']],
    next: /pypi-AgEIcHlwaS5vcmc/y,
    pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g,
  },
]

function isSignedJwt(token: string): boolean {
  const [header = '', payload = ''] = token.split('.')
  try {
    const parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }
    JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    return typeof parsed.alg === 'string' && parsed.alg.toLowerCase() !== 'none'
  } catch (error) {
    if (error instanceof SyntaxError) return false
    throw error
  }
}
