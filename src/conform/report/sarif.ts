import { VERSION } from '../../version.js'
import type { ConformResult } from '../engine.js'
import { docsUrl, ENGINE_FINDING_IDS, ENGINE_FINDINGS, type Finding, type RuleDocs, type Severity } from '../rule.js'
import { RULES } from '../rules/index.js'
import { MANIFEST_FILE } from '../policy.js'

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'

interface Descriptor {
  id: string
  description: string
  level: Severity
  refs: string[]
  docs?: RuleDocs
  securitySeverity?: number
  profile?: string
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

/** The rule's help page as markdown: why, fix, details, examples, refs (what the README used to carry). */
export function ruleHelpMarkdown(descriptor: Pick<Descriptor, 'id' | 'description' | 'docs' | 'refs'>): string {
  const { docs } = descriptor
  const parts = [`**${descriptor.description}.**`]
  if (docs?.why) parts.push(`**Why:** ${docs.why}`)
  if (docs?.details) parts.push(docs.details)
  if (docs?.fix) parts.push(`**Fix:** ${docs.fix}`)
  if (docs?.examples) {
    const fence = '```' + (docs.examples.language ?? '')
    parts.push(`Fails:\n\n${fence}\n${docs.examples.bad}\n\`\`\`\n\nPasses:\n\n${fence}\n${docs.examples.good}\n\`\`\``)
  }
  if (descriptor.refs.length > 0) parts.push(`Refs: ${descriptor.refs.map((ref) => `\`${ref}\``).join(', ')}`)
  parts.push(`[Documentation](${docsUrl(descriptor.id)})`)
  return parts.join('\n\n')
}

function helpText(descriptor: Descriptor): string {
  const { docs } = descriptor
  return [`${descriptor.description}.`, docs?.why && `Why: ${docs.why}`, docs?.fix && `Fix: ${docs.fix}`, `See ${docsUrl(descriptor.id)}`].filter(Boolean).join('\n')
}

function descriptors(extra: readonly ExtraCheck[]): Descriptor[] {
  return [
    ...RULES.map((rule) => ({ id: rule.id, description: rule.description, level: rule.severity, refs: rule.refs, docs: rule.docs, securitySeverity: rule.securitySeverity, profile: rule.profile ?? 'base' })),
    ...ENGINE_FINDING_IDS.map((id) => ({ id, description: ENGINE_FINDINGS[id].description, level: ENGINE_FINDINGS[id].severity, refs: [], docs: ENGINE_FINDINGS[id].docs })),
    ...extra.map((check) => ({ id: check.id, description: check.description, level: check.severity, refs: [] })),
  ]
}

function toDescriptor(descriptor: Descriptor) {
  const { id, description, level, refs, securitySeverity, profile } = descriptor
  // GitHub ranks alerts by `security-severity` and lists them as security alerts when tagged `security`.
  const tags = [...(securitySeverity !== undefined ? ['security'] : []), ...(profile ? [`profile:${profile}`] : []), ...refs]
  return {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_match, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: description },
    fullDescription: { text: descriptor.docs?.why ?? description },
    helpUri: docsUrl(id),
    help: { text: helpText(descriptor), markdown: ruleHelpMarkdown(descriptor) },
    defaultConfiguration: { level },
    properties: { tags, ...(securitySeverity !== undefined ? { 'security-severity': securitySeverity.toFixed(1), precision: 'high' } : {}) },
  }
}

function region(finding: Finding) {
  if (finding.line === undefined) return undefined
  return {
    startLine: finding.line,
    startColumn: finding.column ?? 1,
    ...(finding.endLine !== undefined ? { endLine: finding.endLine } : {}),
    ...(finding.endColumn !== undefined ? { endColumn: finding.endColumn } : {}),
  }
}

function suppressionsOf(finding: Finding) {
  if (finding.waiver) {
    const { reason, owner, expires } = finding.waiver
    return [{ kind: 'external', status: 'accepted', justification: `${reason} (owner ${owner}, expires ${expires})` }]
  }
  if (finding.suppression?.kind === 'inline') {
    const { reason, expires } = finding.suppression
    return [{ kind: 'inSource', status: 'accepted', justification: expires ? `${reason} (until ${expires})` : reason }]
  }
  if (finding.suppression?.kind === 'baseline') return [{ kind: 'external', status: 'accepted', justification: finding.suppression.reason }]
  return undefined
}

// A relative reference (RFC 3986) with each segment percent-encoded: encodeURI left `#`, `?` and `:` as they were, so
// `#x/Dockerfile` was a fragment and `a:b/Dockerfile` a URI of scheme `a`, pointing at no file in the repository.
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/')
}

// GitHub code scanning needs a location on every result: repo-wide findings point at .opsmith.json, without a region.
function toResult(finding: Finding, index: Map<string, number>, subject: string | undefined) {
  const where = region(finding)
  const suppressions = suppressionsOf(finding)
  const logical = subject !== undefined && finding.file === undefined
  return {
    ruleId: finding.rule,
    ruleIndex: index.get(finding.rule) ?? -1,
    level: finding.severity,
    message: { text: finding.message },
    locations: logical ? [{ logicalLocations: [{ fullyQualifiedName: subject, kind: 'resource' }] }] : [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(finding.file ?? MANIFEST_FILE), uriBaseId: '%SRCROOT%' },
          ...(where ? { region: where } : {}),
        },
      },
    ],
    // Without it, every upload through the API opens the same alerts again.
    ...(finding.fingerprint ? { partialFingerprints: { 'opsmithFindingHash/v1': finding.fingerprint } } : {}),
    ...(suppressions ? { suppressions } : {}),
  }
}

/** SARIF 2.1.0 log for GitHub code scanning: rule help, security severity, fingerprints, suppressions. */
export function formatSarif(result: ConformResult, options: SarifOptions = {}): string {
  const rules = descriptors(options.extraChecks ?? []).map(toDescriptor)
  const index = new Map(rules.map((rule, position) => [rule.id, position]))
  const ruleFailed = result.findings.some((finding) => finding.rule === 'rule-error')
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'opsmith', semanticVersion: VERSION, version: VERSION, informationUri: docsUrl('conform').replace(/#conform$/, ''), rules } },
        // One category per producer, so other SARIF uploads of the same commit (image verify's too) do not close these alerts.
        automationDetails: { id: options.subject === undefined ? 'opsmith/conform/' : 'opsmith/image-verify/' },
        invocations: [{ executionSuccessful: !ruleFailed, properties: { profiles: result.profiles ?? ['base'] } }],
        columnKind: 'utf16CodeUnits',
        results: [...result.findings, ...result.waived, ...(result.suppressed ?? [])].map((finding) => toResult(finding, index, options.subject)),
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}
