import { RULES } from '../../src/conform/rules/index.js'
import { ENGINE_FINDING_IDS, ENGINE_FINDINGS } from '../../src/conform/rule.js'

export const TABLE_START = '<!-- rules-table:start (generated from the rules\' metadata by test/conform/meta.test.ts) -->'
export const TABLE_END = '<!-- rules-table:end -->'

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** README's one-row-per-rule table: anchor (the docs link), profile, severity, what it checks, refs. */
export function formatRulesTable(): string {
  const rows = [
    '| rule | profile | severity | checks |',
    '|---|---|---|---|',
    ...RULES.map((rule) => {
      const profile = `${rule.profile ?? 'base'}${rule.layout ? ' (layout)' : ''}`
      const security = rule.securitySeverity !== undefined ? ` (security ${rule.securitySeverity.toFixed(1)})` : ''
      return `| <a id="${rule.id}"></a>\`${rule.id}\` | ${profile} | ${rule.severity}${security} | ${cell(rule.description)}. Fix: ${cell(rule.docs?.fix ?? '')} |`
    }),
    ...ENGINE_FINDING_IDS.map((id) => {
      const finding = ENGINE_FINDINGS[id]
      return `| <a id="${id}"></a>\`${id}\` | engine | ${finding.severity} | ${cell(finding.description)}. Fix: ${cell(finding.docs.fix)} |`
    }),
  ]
  return `${TABLE_START}\n${rows.join('\n')}\n${TABLE_END}`
}
