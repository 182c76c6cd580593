import { VERSION } from '../../version.js'
import type { ConformResult } from '../engine.js'
import { docsUrl, ENGINE_FINDING_IDS, type Finding, type Severity } from '../rule.js'
import { RULES } from '../rules/index.js'
import { MANIFEST_FILE } from '../policy.js'

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'
const ENGINE_DESCRIPTIONS: Record<(typeof ENGINE_FINDING_IDS)[number], string> = {
  'file-skipped': 'A file could not be read (too large, unreadable) or was left out (symlink out of the repository, loop)',
  'rule-error': 'A rule crashed; the other rules still ran',
  'waiver-expired': 'A waiver in .opsmith.json has expired',
}

/** A check that is not a conform rule (`image verify`'s image-only checks), for the log's rule list. */
export interface ExtraCheck {
  id: string
  description: string
  severity: Severity
}

/** Options of `formatSarif` for results that are not about a repository. */
export interface SarifOptions {
  /** Descriptors of checks beyond conform's rules. */
  extraChecks?: readonly ExtraCheck[]
  /** What findings without a file are about (an image reference): a logical location, no file, no region. */
  subject?: string
}

function ruleDescriptors(extra: readonly ExtraCheck[]) {
  const descriptors = [
    ...RULES.map((rule) => ({ id: rule.id, description: rule.description, level: rule.severity, tags: rule.refs })),
    ...ENGINE_FINDING_IDS.map((id) => ({ id, description: ENGINE_DESCRIPTIONS[id], level: 'error' as const, tags: [] as string[] })),
    ...extra.map((check) => ({ id: check.id, description: check.description, level: check.severity, tags: [] as string[] })),
  ]
  return descriptors.map(({ id, description, level, tags }) => ({
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_match, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: description },
    fullDescription: { text: description },
    helpUri: docsUrl(id),
    help: { text: `${description}. See ${docsUrl(id)}` },
    defaultConfiguration: { level },
    properties: { tags },
  }))
}

// GitHub code scanning needs a location on every result; repo-wide findings point at .opsmith.json.
function toResult(finding: Finding, index: Map<string, number>, subject: string | undefined) {
  if (subject !== undefined && finding.file === undefined) {
    return { ruleId: finding.rule, ruleIndex: index.get(finding.rule) ?? -1, level: finding.severity, message: { text: finding.message }, locations: [{ logicalLocations: [{ fullyQualifiedName: subject, kind: 'resource' }] }] }
  }
  return {
    ruleId: finding.rule,
    ruleIndex: index.get(finding.rule) ?? -1,
    level: finding.severity,
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.file ?? MANIFEST_FILE), uriBaseId: '%SRCROOT%' },
          region: { startLine: finding.line ?? 1, startColumn: finding.column ?? 1 },
        },
      },
    ],
    ...(finding.waiver
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${finding.waiver.reason} (owner ${finding.waiver.owner}, expires ${finding.waiver.expires})` }] }
      : {}),
  }
}

/** SARIF 2.1.0 log: rule metadata with help URIs, physical locations, suppressions for waived findings. */
export function formatSarif(result: ConformResult, options: SarifOptions = {}): string {
  const rules = ruleDescriptors(options.extraChecks ?? [])
  const index = new Map(rules.map((rule, position) => [rule.id, position]))
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'opsmith', semanticVersion: VERSION, version: VERSION, informationUri: docsUrl('conform').replace(/#conform$/, ''), rules } },
        columnKind: 'utf16CodeUnits',
        results: [...result.findings, ...result.waived].map((finding) => toResult(finding, index, options.subject)),
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}
