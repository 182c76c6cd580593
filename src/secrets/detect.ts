import path from 'node:path'
import { lintSource } from '@secretlint/core'
import { secretLintProfiler } from '@secretlint/profiler'
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend'
import { PREFILTERED_RULE_IDS, candidateRuleIds, hasSecretKeyword } from './keywords.js'

/** One credential found in a file; `line` and `column` are 1-based. The secret itself is never included. */
export interface SecretFinding {
  ruleId: string
  message: string
  line: number
  column: number
}

type ScannerRule = (typeof recommendedRules)[number]
type CoreConfig = Parameters<typeof lintSource>[0]['options']['config']

const FILTER_COMMENTS_ID = '@secretlint/secretlint-rule-filter-comments'
const RULES_BY_ID = new Map<string, ScannerRule>(recommendedRules.map((rule) => [rule.meta.id, rule]))
// Rules of a future preset without a prefilter run on every file rather than being skipped silently.
const UNFILTERED_IDS = [...RULES_BY_ID.keys()].filter((id) => id !== FILTER_COMMENTS_ID && !PREFILTERED_RULE_IDS.has(id))
const configs = new Map<string, CoreConfig>()
disableProfiler()

/**
 * Finds credentials in one file's text with secretlint's recommended rules, running only the
 * rules whose keyword occurs in it. Messages are masked so no finding repeats the secret.
 */
export async function detectSecrets(content: string, filePath: string): Promise<SecretFinding[]> {
  if (UNFILTERED_IDS.length === 0 && !hasSecretKeyword(content)) return []
  const ruleIds = [...candidateRuleIds(content), ...UNFILTERED_IDS]
  if (ruleIds.length === 0) return []
  const result = await lintSource({
    source: { content, filePath, ext: path.extname(filePath), contentType: 'text' },
    options: { config: configFor(ruleIds), maskSecrets: true, noPhysicFilePath: true },
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

function configFor(ruleIds: string[]): CoreConfig {
  const key = ruleIds.join(',')
  let config = configs.get(key)
  if (!config) {
    const selected = [...ruleIds, FILTER_COMMENTS_ID].flatMap((id) => {
      const rule = RULES_BY_ID.get(id)
      return rule ? [{ id, rule }] : []
    })
    config = { rules: selected } as CoreConfig
    configs.set(key, config)
  }
  return config
}

// @secretlint/core marks every lint in the global performance timeline, and its profiler keeps
// every entry in an array and queues a measure per mark: over thousands of files that is an
// unbounded leak (and Node warns once the timeline buffer fills). Nothing here reads the profile,
// so the singleton's marks become no-ops (clearing marks afterwards would make its queued
// measures reject unhandled).
function disableProfiler(): void {
  const profiler = secretLintProfiler as unknown as { mark: (marker: unknown) => void }
  profiler.mark = () => undefined
}
