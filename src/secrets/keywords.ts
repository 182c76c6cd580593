import { createGateScanner, type GateAfter, type GateScanner } from './gate-scan.js'
import { PATTERNS } from './patterns.js'

// Per-rule keyword prefilters for secretlint's recommended rules and opsmith's own patterns, in the spirit of gitleaks: the
// detector (regexes, entropy checks, allow-lists) runs only on files where a rule's keyword occurs
// together with what that rule's own pattern needs next. Each keyword is a literal that every
// string the rule can report contains (patterns of @secretlint/secretlint-rule-preset-recommend
// 12.0.0 with default options, under which the AWS rule scans only secret access keys).

/** A keyword and its gate: a pair of bytes inside it that is rare in ordinary code. */
type Keyword = [keyword: string, gate: string]

interface KeywordRule {
  keywords: Keyword[]
  /** What must match at the keyword's start for the rule to have a chance (sticky). */
  next: RegExp
  /** What `next` needs right after the keyword, checked by the WebAssembly scan before any text is decoded. */
  after?: After
}

/**
 * Right after the keyword, `min` to `max` characters of the class `run` and then the character `then` (compared as
 * is, for rules whose `next` is case-sensitive): a condition every match of the rule's `next` meets. `://` in prose
 * and code is nearly always a URL without `user:password@`, and this turns it away before the file is decoded.
 */
interface After {
  run: RegExp
  min: number
  max: number
  then: string
}

const same = (gate: string, ...keywords: string[]): Keyword[] => keywords.map((keyword) => [keyword, gate])
// `secret_access`, `SecretAccess`, ...: the AWS rule's (SECRET|secret|Secret)_?(ACCESS|access|Access).
const AWS_KEYWORDS: Keyword[] = ['SECRET', 'secret', 'Secret'].flatMap((secret) =>
  ['_', ''].flatMap((separator) => ['ACCESS', 'access', 'Access'].map((access): Keyword => [`${secret}${separator}${access}`, access.slice(1, 3)])),
)

const RULES: Record<string, KeywordRule> = {
  '@secretlint/secretlint-rule-1password': { keywords: [['ops_ey', 'ps']], next: /ops_ey/y },
  '@secretlint/secretlint-rule-anthropic': { keywords: [['sk-ant-api0', 'k-']], next: /sk-ant-api0\d-/y },
  '@secretlint/secretlint-rule-aws': { keywords: AWS_KEYWORDS, next: /(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)/y },
  '@secretlint/secretlint-rule-basicauth': {
    keywords: [['://', ':/']],
    next: /:\/\/[-a-zA-Z0-9_]{1,256}:[-a-zA-Z0-9_]{1,256}@/y,
    after: { run: /[-a-zA-Z0-9_]/, min: 1, max: 256, then: ':' },
  },
  '@secretlint/secretlint-rule-database-connection-string': {
    keywords: [['mongodb:', 'b:'], ['mongodb+', 'b+'], ['mysql:', 'ys'], ['mysqlx:', 'ys'], ['postgres:', 'tg'], ['postgresql:', 'tg']],
    next: /(?:mongodb(?:\+srv)?|mysqlx?|postgres(?:ql)?):\/\//iy,
  },
  '@secretlint/secretlint-rule-databricks': { keywords: [['dapi', 'da']], next: /dapi[A-Fa-f0-9]{32}/y },
  '@secretlint/secretlint-rule-docker': { keywords: [['dckr_pat_', 'dc']], next: /dckr_pat_/y },
  '@secretlint/secretlint-rule-figma': { keywords: [['figd_', 'gd']], next: /figd_/y },
  '@secretlint/secretlint-rule-gcp': { keywords: [['private_key', '_k']], next: /private_key/y },
  '@secretlint/secretlint-rule-github': {
    keywords: [['ghp_', 'hp'], ['gho_', 'o_'], ['ghu_', 'u_'], ['ghs_', 'hs'], ['ghr_', 'hr'], ['github_pat_', 'b_']],
    next: /gh[pousr]_|github_pat_/y,
  },
  '@secretlint/secretlint-rule-gitlab': { keywords: [['glpat-', 'lp']], next: /glpat-/y },
  '@secretlint/secretlint-rule-grafana': { keywords: [['glsa_', 'gl']], next: /glsa_/y },
  '@secretlint/secretlint-rule-groq': { keywords: [['gsk_', 'k_']], next: /gsk_/y },
  '@secretlint/secretlint-rule-hashicorp-vault': { keywords: same('hv', 'hvs.', 'hvb.', 'hvr.'), next: /hv[sbr]\./y },
  '@secretlint/secretlint-rule-huggingface': { keywords: [['hf_', 'hf']], next: /hf_[a-zA-Z]{34}/y },
  '@secretlint/secretlint-rule-linear': { keywords: [['lin_api_', 'i_']], next: /lin_api_/y },
  '@secretlint/secretlint-rule-notion': { keywords: [['ntn_', 'tn']], next: /ntn_\d/y },
  '@secretlint/secretlint-rule-npm': { keywords: [['npm_', 'm_']], next: /npm_[A-Za-z0-9_]{36}/y },
  '@secretlint/secretlint-rule-openai': { keywords: [['T3BlbkFJ', 'T3']], next: /T3BlbkFJ/y },
  '@secretlint/secretlint-rule-privatekey': { keywords: [['PRIVATE KEY', 'PR']], next: /PRIVATE KEY/y },
  '@secretlint/secretlint-rule-sendgrid': { keywords: [['SG.', 'SG']], next: /SG\./y },
  '@secretlint/secretlint-rule-shopify': { keywords: same('hp', 'shppa_', 'shpca_', 'shpat_', 'shpss_'), next: /shp(?:pa|ca|at|ss)_/y },
  '@secretlint/secretlint-rule-slack': {
    keywords: [...same('xo', 'xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxr-'), ['xapp-', 'xa'], ['hooks.slack.com', 'ks']],
    next: /xox[bpaor]-|xapp-|hooks\.slack\.com\/services\//iy,
  },
  '@secretlint/secretlint-rule-vercel': { keywords: same('vc', 'vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'), next: /vc[pciark]_/y },
}

for (const pattern of PATTERNS) RULES[pattern.id] = { keywords: pattern.keywords, next: pattern.next }

/** Rule ids that have a prefilter; a test checks it covers every scanner of the installed preset. */
export const PREFILTERED_RULE_IDS: ReadonlySet<string> = new Set(Object.keys(RULES))

export interface GateEntry {
  id: string
  next: RegExp
  /** Where the keyword starts, counted back from the gate. */
  offset: number
  /** The keyword, lower-cased when `next` ignores case (then compared with ASCII letters lower-cased). */
  keyword: string
  ignoreCase: boolean
  /** The rule's `after`, as a byte table (1 for a byte of the run) and the byte that ends the run. */
  after?: { run: Uint8Array; min: number; max: number; then: number }
}

// The gates mark a 64 KiB table that stays in cache; the scan touches nothing else until one hits. A gate inside
// its keyword also marks the pair after it in a second table (see gate-scan.ts), so that only gate and follower
// together count; a gate at its keyword's end counts on its own.
const GATE_TABLE = new Uint8Array(1 << 16)
const FOLLOWER_TABLE = new Uint8Array(1 << 16)
const ENTRIES_BY_GATE = new Map<number, GateEntry[]>()
// Keys as the scan loads pairs: the first byte low.
const pairKey = (pair: string): number => pair.charCodeAt(0) | (pair.charCodeAt(1) << 8)

for (const [id, rule] of Object.entries(RULES)) {
  const ignoreCase = rule.next.ignoreCase
  const after = rule.after && afterTable(rule.after, ignoreCase)
  for (const [original, gate] of rule.keywords) {
    const offset = original.indexOf(gate)
    if (offset === -1) throw new Error(`Gate "${gate}" is not part of keyword "${original}" (${id}).`)
    const keyword = ignoreCase ? original.toLowerCase() : original
    const follower = original.slice(offset + 1, offset + 3)
    for (const variant of ignoreCase ? caseVariants(gate) : [gate]) {
      const key = pairKey(variant)
      if (follower.length < 2) GATE_TABLE[key] = 2
      else {
        GATE_TABLE[key] ||= 1
        for (const pair of ignoreCase ? caseVariants(follower) : [follower]) FOLLOWER_TABLE[pairKey(pair)] = 1
      }
      const entries = ENTRIES_BY_GATE.get(key) ?? []
      if (!entries.some((entry) => entry.id === id && entry.offset === offset && entry.keyword === keyword)) {
        entries.push({ id, next: rule.next, offset, keyword, ignoreCase, ...(after ? { after } : {}) })
      }
      ENTRIES_BY_GATE.set(key, entries)
    }
  }
}

// The gate of a keyword with an `after` becomes 3: the scan itself checks the run after the keyword, the one place
// it is checked. The scan holds one `after` (basicauth's), for gates that lead to that rule's keywords only.
let GATE_AFTER: GateAfter | undefined
for (const [key, entries] of ENTRIES_BY_GATE) {
  const first = entries.find((entry) => entry.after !== undefined)
  if (first?.after === undefined) continue
  const skip = first.keyword.length - first.offset
  const shared = entries.every((entry) => entry.after === first.after && entry.keyword.length - entry.offset === skip)
  if (GATE_TABLE[key] !== 1 || !shared || (GATE_AFTER !== undefined && (GATE_AFTER.run !== first.after.run || GATE_AFTER.skip !== skip))) {
    throw new Error(`The prefilter scan cannot check the \`after\` of ${first.id} (keyword "${first.keyword}").`)
  }
  GATE_AFTER ??= { ...first.after, skip }
  GATE_TABLE[key] = 3
}

function afterTable({ run, min, max, then }: After, ignoreCase: boolean): NonNullable<GateEntry['after']> {
  if (ignoreCase || then.length !== 1 || run.test(then)) throw new Error(`Unsupported \`after\` (case-insensitive, or "${then}" is not one character outside its run).`)
  const table = new Uint8Array(256)
  for (let byte = 0; byte < 256; byte++) table[byte] = run.test(String.fromCharCode(byte)) ? 1 : 0
  return { run: table, min, max, then: then.charCodeAt(0) }
}

function caseVariants(pair: string): string[] {
  const [first = '', second = ''] = pair
  return [...new Set([first.toLowerCase(), first.toUpperCase()].flatMap((a) => [a + second.toLowerCase(), a + second.toUpperCase()]))]
}

let scanner: GateScanner | undefined

/** This thread's scanner of the prefilter's gates: one WebAssembly instance, made on first use. */
export function gateScanner(): GateScanner {
  scanner ??= createGateScanner(GATE_TABLE, FOLLOWER_TABLE, GATE_AFTER)
  return scanner
}

/** Where to read a file so that the prefilter scans it without a copy (valid until the next scan). */
export function prefilterBuffer(length: number): Buffer {
  return gateScanner().load(length)
}

/** The gate and follower tables and what each gate leads to, for scanners in other threads. */
export const PREFILTER: { table: Uint8Array; followers: Uint8Array; after: GateAfter | undefined; entriesByGate: ReadonlyMap<number, GateEntry[]> } = {
  table: GATE_TABLE,
  followers: FOLLOWER_TABLE,
  after: GATE_AFTER,
  entriesByGate: ENTRIES_BY_GATE,
}

/**
 * Ids of the rules whose keyword (and what its pattern needs next) occurs in `bytes`. One pass
 * with a 2-byte key over a cache-resident table (see gate-scan.ts): about three times faster than one
 * regex alternation of all keywords, which V8 has to try at every position.
 */
export function candidateRuleIdsInBytes(input: Uint8Array, limit = Number.POSITIVE_INFINITY): string[] {
  return scanGates(gateScanner(), ENTRIES_BY_GATE, input, limit)
}

/**
 * The work of `candidateRuleIdsInBytes`; refers to nothing outside itself (worker threads run its source). The
 * keyword's bytes are compared first, so that the text is decoded (once per file) only where one occurs.
 */
export function scanGates(scanner: GateScanner, entriesByGate: ReadonlyMap<number, GateEntry[]>, input: Uint8Array, limit: number): string[] {
  const bytes = scanner.scan(input)
  let index = scanner.next(0)
  // Most files hold no gate at all: nothing more to allocate.
  if (index === -1) return []
  const found = new Set<string>()
  let text: string | undefined
  for (; index !== -1 && found.size < limit; index = scanner.next(index + 1)) {
    for (const { id, next, offset, keyword, ignoreCase } of entriesByGate.get((bytes[index] as number) | ((bytes[index + 1] as number) << 8)) ?? []) {
      const start = index - offset
      if (start < 0 || start + keyword.length > bytes.length || found.has(id)) continue
      let at = 0
      for (; at < keyword.length; at++) {
        const byte = bytes[start + at] as number
        if ((ignoreCase && byte >= 65 && byte <= 90 ? byte + 32 : byte) !== keyword.charCodeAt(at)) break
      }
      if (at < keyword.length) continue
      // A keyword's `after` was checked by the scan, at its gate of 3.
      text ??= bytes.toString('latin1')
      next.lastIndex = start
      if (next.test(text)) found.add(id)
    }
  }
  return [...found]
}

/** Whether any rule's keyword occurs (stops at the first). */
export function hasSecretKeywordInBytes(bytes: Uint8Array): boolean {
  return candidateRuleIdsInBytes(bytes, 1).length > 0
}

/** Ids of the rules whose keyword occurs in `text`. */
export function candidateRuleIds(text: string): string[] {
  return candidateRuleIdsInBytes(Buffer.from(text, 'utf8'))
}

/** Whether any rule's keyword occurs in `text`. */
export function hasSecretKeyword(text: string): boolean {
  return hasSecretKeywordInBytes(Buffer.from(text, 'utf8'))
}
