import path from 'node:path'
import type { lintSource as LintSource } from '@secretlint/core'
import type { rules as RecommendedRules } from '@secretlint/secretlint-rule-preset-recommend'
import { candidateRuleIds } from './keywords.js'
import { kindOf, withArticle } from './kinds.js'
import { isLure } from './lures.js'
import { PATTERNS, type SecretPattern } from './patterns.js'
import { positionAt } from './position.js'

/** One credential found in a file; `line` and `column` are 1-based. The secret itself is never included. */
export interface SecretFinding {
  ruleId: string
  /** What was found, e.g. "AWS Secret Access Key". */
  kind: string
  /** A whole sentence: "Found an AWS Secret Access Key." */
  message: string
  line: number
  column: number
}

type ScannerRule = (typeof RecommendedRules)[number]
type CoreConfig = Parameters<typeof LintSource>[0]['options']['config']

interface Detector {
  lintSource: typeof LintSource
  rulesById: Map<string, ScannerRule>
  configs: Map<string, CoreConfig>
}

const FILTER_COMMENTS_ID = '@secretlint/secretlint-rule-filter-comments'
const PATTERNS_BY_ID = new Map(PATTERNS.map((pattern) => [pattern.id, pattern]))
let detector: Promise<Detector> | undefined

// Loaded on the first file that needs it: most repositories have few candidate files, and the
// detector's modules cost ~60 ms to load.
function loadDetector(): Promise<Detector> {
  detector ??= (async () => {
    const [{ lintSource }, { rules }, { secretLintProfiler }] = await Promise.all([
      import('@secretlint/core'),
      import('@secretlint/secretlint-rule-preset-recommend'),
      import('@secretlint/profiler'),
    ])
    disableProfiler(secretLintProfiler)
    const rulesById = new Map<string, ScannerRule>(rules.map((rule) => [rule.meta.id, rule]))
    return { lintSource, rulesById, configs: new Map() }
  })()
  return detector
}

/**
 * Finds credentials in one file's text: secretlint's recommended rules plus opsmith's own patterns,
 * running only the detectors whose keyword occurs in it, then dropping examples, placeholders and
 * local credentials. No finding repeats the secret.
 */
export async function detectSecrets(content: string, filePath: string): Promise<SecretFinding[]> {
  const ruleIds = candidateRuleIds(content)
  if (ruleIds.length === 0) return []
  const found: Array<{ ruleId: string; kind: string; start: number; secret: string }> = []
  const ownIds = new Set(ruleIds.filter((id) => PATTERNS_BY_ID.has(id)))
  const scannerIds = ruleIds.filter((id) => !ownIds.has(id))
  if (scannerIds.length > 0) {
    const loaded = await loadDetector()
    const result = await loaded.lintSource({
      source: { content, filePath, ext: path.extname(filePath), contentType: 'text' },
      options: { config: configFor(loaded, scannerIds), maskSecrets: true, noPhysicFilePath: true },
    })
    for (const message of result.messages) {
      if (message.type !== 'message') continue
      const [start, end] = message.range
      found.push({ ruleId: message.ruleId, kind: kindOf(message.messageId, message.message), start, secret: content.slice(start, end) })
    }
  }
  for (const id of ownIds) found.push(...matchPattern(PATTERNS_BY_ID.get(id) as SecretPattern, content))
  // Two detectors on one secret (secretlint's and opsmith's private-key patterns) report it once.
  return found
    .filter(({ ruleId, secret }) => !isLure(ruleId, secret))
    .sort((a, b) => a.start - b.start)
    .filter((item, index, sorted) => index === 0 || sorted[index - 1]?.start !== item.start)
    .map(({ ruleId, kind, start }) => ({ ruleId, kind, message: `Found ${withArticle(kind)}.`, ...positionAt(content, start) }))
}

function matchPattern(pattern: SecretPattern, content: string) {
  const found: Array<{ ruleId: string; kind: string; start: number; secret: string }> = []
  for (const match of content.matchAll(pattern.pattern)) {
    const secret = match.slice(1).find((group) => group !== undefined) ?? match[0]
    if (pattern.accept && !pattern.accept(secret)) continue
    const start = (match.index ?? 0) + match[0].lastIndexOf(secret)
    found.push({ ruleId: pattern.id, kind: pattern.kind, start, secret })
  }
  return found
}

function configFor(loaded: Detector, ruleIds: string[]): CoreConfig {
  const key = ruleIds.join(',')
  let config = loaded.configs.get(key)
  if (!config) {
    const selected = [...ruleIds, FILTER_COMMENTS_ID].flatMap((id) => {
      const rule = loaded.rulesById.get(id)
      return rule ? [{ id, rule }] : []
    })
    config = { rules: selected } as CoreConfig
    loaded.configs.set(key, config)
  }
  return config
}

// @secretlint/core marks every lint in the global performance timeline, and its profiler keeps
// every entry in an array and queues a measure per mark: over thousands of files that is an
// unbounded leak (and Node warns once the timeline buffer fills). Nothing here reads the profile,
// so the singleton's marks become no-ops (clearing marks afterwards would make its queued
// measures reject unhandled).
function disableProfiler(secretLintProfiler: unknown): void {
  const profiler = secretLintProfiler as { mark: (marker: unknown) => void }
  profiler.mark = () => undefined
}
