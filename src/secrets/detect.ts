import path from 'node:path'
import type { lintSource as LintSource } from '@secretlint/core'
import type { rules as RecommendedRules } from '@secretlint/secretlint-rule-preset-recommend'
import { candidateRuleIds, hasSecretKeyword } from './keywords.js'

/** One credential found in a file; `line` and `column` are 1-based. The secret itself is never included. */
export interface SecretFinding {
  ruleId: string
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
 * Finds credentials in one file's text with secretlint's recommended rules, running only the
 * rules whose keyword occurs in it. Messages are masked so no finding repeats the secret.
 */
export async function detectSecrets(content: string, filePath: string): Promise<SecretFinding[]> {
  // Every scanner of the pinned preset has a prefilter (a test checks it), so no keyword, no finding.
  if (!hasSecretKeyword(content)) return []
  const ruleIds = candidateRuleIds(content)
  const loaded = await loadDetector()
  const result = await loaded.lintSource({
    source: { content, filePath, ext: path.extname(filePath), contentType: 'text' },
    options: { config: configFor(loaded, ruleIds), maskSecrets: true, noPhysicFilePath: true },
  })
  return result.messages
    .filter((message) => message.type === 'message')
    .map((message) => ({
      ruleId: message.ruleId,
      message: message.message,
      line: message.loc.start.line,
      column: message.loc.start.column + 1,
    }))
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
