// One heuristic for "this variable name holds a credential", shared by conform's
// dockerfile-no-secrets-in-env and `opsmith image verify` (ENV, ARG and build arguments in history).
// Names are split into words (on `_`, `-`, `.` and camelCase humps), so TOKENIZERS_PARALLELISM is not
// TOKEN and AUTH_MODE is not a credential: a word must name the secret, not a setting about it.

const SECRET_WORDS = new Set(['SECRET', 'SECRETS', 'PASSWORD', 'PASSWORDS', 'PASSWD', 'PASS', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PASSPHRASE'])
/** Two words that together name a key: API_KEY, ACCESS_KEY, PRIVATE_KEY, ... */
const KEY_QUALIFIERS = new Set(['API', 'ACCESS', 'SECRET', 'PRIVATE', 'AUTH', 'SIGNING', 'ENCRYPTION', 'MASTER', 'LICENSE', 'ACCOUNT', 'SERVICE'])
/** A last word that makes the name describe the secret instead of holding it (`PASSWORD_FILE`, `TOKEN_URL`). */
const ABOUT_WORDS = new Set(['FILE', 'PATH', 'DIR', 'URL', 'ENDPOINT', 'LENGTH', 'LIMIT', 'COUNT', 'SIZE', 'MODE', 'ENABLED', 'TTL', 'TYPE', 'NAME', 'HEADER', 'ID', 'EXPIRY', 'EXPIRES'])

/** Names that read as secrets but hold configuration (the README lists them; policy `allow` extends them). */
export const DEFAULT_ALLOWED_SECRET_NAMES: readonly string[] = [
  'TOKENIZERS_PARALLELISM',
  'HF_HOME',
  'HF_HUB_CACHE',
  'HF_HUB_DISABLE_TELEMETRY',
  'HF_HUB_OFFLINE',
  'TRANSFORMERS_CACHE',
  'TRANSFORMERS_OFFLINE',
  'PASSWORD_MIN_LENGTH',
]

/** Whether a variable name looks like it holds a credential (`HF_TOKEN`, `dbPassword`, `AWS_SECRET_ACCESS_KEY`). */
export function isSecretName(name: string, allowed: Iterable<string> = DEFAULT_ALLOWED_SECRET_NAMES): boolean {
  if (new Set(allowed).has(name)) return false
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[_\-.]+/).filter(Boolean)
  if (words.length === 0 || ABOUT_WORDS.has(words[words.length - 1] as string)) return false
  return words.some((word, index) => SECRET_WORDS.has(word) || (word === 'KEY' && index > 0 && KEY_QUALIFIERS.has(words[index - 1] as string)))
}
