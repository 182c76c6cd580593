// Per-rule prefilters for secretlint's recommended rules, in the spirit of gitleaks' keywords:
// a cheap test that every string the rule can report must pass. The detector (regexes,
// entropy and allow-lists) then runs only on files where some prefilter hits, which is what
// lets a 20,000-file repo be scanned in well under a second.
// Each entry mirrors the rule's own pattern in @secretlint/secretlint-rule-preset-recommend 12.0.0.
const RULE_PREFILTERS: Record<string, RegExp> = {
  '@secretlint/secretlint-rule-1password': /ops_ey/,
  '@secretlint/secretlint-rule-anthropic': /sk-ant-api0/,
  '@secretlint/secretlint-rule-aws':
    /A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA|(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)|(?:ACCOUNT|account|Account)_?(?:ID|id|Id)?["']?\s*(?::|=>|=)\s*["']?\d{4}/,
  '@secretlint/secretlint-rule-basicauth': /:\/\/[-a-zA-Z0-9_]{1,256}:[-a-zA-Z0-9_]{1,256}@/,
  '@secretlint/secretlint-rule-database-connection-string': /(?:mongodb|mysql|postgres)/i,
  '@secretlint/secretlint-rule-databricks': /dapi[A-Fa-f0-9]{32}/,
  '@secretlint/secretlint-rule-docker': /dckr_pat_/,
  '@secretlint/secretlint-rule-figma': /figd_/,
  '@secretlint/secretlint-rule-gcp': /private_key/,
  '@secretlint/secretlint-rule-github': /gh[pousr]_|github_pat_/,
  '@secretlint/secretlint-rule-gitlab': /glpat-/,
  '@secretlint/secretlint-rule-grafana': /glsa_/,
  '@secretlint/secretlint-rule-groq': /gsk_/,
  '@secretlint/secretlint-rule-hashicorp-vault': /hv[sbr]\./,
  '@secretlint/secretlint-rule-huggingface': /hf_[a-zA-Z]{34}/,
  '@secretlint/secretlint-rule-linear': /lin_api_/,
  '@secretlint/secretlint-rule-notion': /ntn_\d/,
  '@secretlint/secretlint-rule-npm': /npm_[A-Za-z0-9_]{36}/,
  '@secretlint/secretlint-rule-openai': /T3BlbkFJ/,
  '@secretlint/secretlint-rule-privatekey': /PRIVATE KEY/,
  '@secretlint/secretlint-rule-sendgrid': /SG\./,
  '@secretlint/secretlint-rule-shopify': /shp(?:pa|ca|at|ss)_/,
  '@secretlint/secretlint-rule-slack': /xox[bpaor]-|xapp-/,
  '@secretlint/secretlint-rule-vercel': /vc[pciark]_/,
}

/** Rule ids that have a prefilter; a test checks it covers every scanner of the installed preset. */
export const PREFILTERED_RULE_IDS: ReadonlySet<string> = new Set(Object.keys(RULE_PREFILTERS))

// One alternation for the common case "no keyword at all": a single pass per file.
const ANY_KEYWORD = new RegExp(Object.values(RULE_PREFILTERS).map((pattern) => `(?:${pattern.source})`).join('|'))

/** Whether any rule's keyword occurs; `text` may be a latin1 view of the bytes (keywords are ASCII). */
export function hasSecretKeyword(text: string): boolean {
  return ANY_KEYWORD.test(text)
}

/** Ids of the rules whose keyword occurs in `text`. */
export function candidateRuleIds(text: string): string[] {
  return Object.entries(RULE_PREFILTERS)
    .filter(([, pattern]) => pattern.test(text))
    .map(([id]) => id)
}
