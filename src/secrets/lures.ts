// Values that have a credential's shape but are not secrets: documentation examples, placeholders,
// well-known public values and local development credentials. Detectors report shape; this says "but
// everyone already knows it".

// Published on purpose: Azurite's storage emulator key, and the token on jwt.io's front page.
const PUBLIC_VALUES = new Set([
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
])

// AWS's documentation keys end in EXAMPLE/EXAMPLEKEY; a run of eight or more of one
// character (x, *, 0, # or .) is a redaction.
const PLACEHOLDER = /EXAMPLE|([xX*0#.])\1{7,}|^(?:your|my|fake|dummy|test)[-_]/

// Credentials of a database or service on this machine (CI service containers, test configs) or in
// documentation domains reserved for examples (RFC 2606, RFC 6761).
const LOCAL_HOST = /@(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1\]|host\.docker\.internal|(?:[\w-]+\.)*example(?:\.(?:com|org|net))?|[\w.-]+\.(?:test|invalid|example|localhost))(?=[:/?#'"`\s]|$)/i

/** Rule ids whose finding is a URL with credentials; those are lures when the host is local or an example. */
const URL_RULES = new Set(['@secretlint/secretlint-rule-database-connection-string', '@secretlint/secretlint-rule-basicauth'])

/** Whether a detector's match is an example, placeholder, public value or local credential. */
export function isLure(ruleId: string, secret: string): boolean {
  if (PUBLIC_VALUES.has(secret) || PLACEHOLDER.test(secret)) return true
  return URL_RULES.has(ruleId) && LOCAL_HOST.test(secret)
}
