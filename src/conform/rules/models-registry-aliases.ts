import { defineRule, type RuleFinding } from '../rule.js'
import { modelVersions } from '../parse/models.js'
import { itemsOf, lineOfNode, pairOf, pairsOf, readYaml, scalarText } from '../parse/yaml.js'

export const REGISTRY_FILE = 'models/registry.yaml'

export default defineRule({
  id: 'models-registry-aliases',
  description: 'Aliases in models/registry.yaml point at existing, non-deprecated versions',
  severity: 'error',
  refs: ['MLflow:registered-model-alias', 'GTO:stages'],
  profile: 'ml',
  docs: {
    why: 'An alias (champion, challenger) that points at a missing or deprecated version breaks serving or serves what was retired.',
    fix: 'Point the alias at an existing, supported version in models/registry.yaml.',
    examples: { language: 'yaml', bad: 'models:\n  churn:\n    aliases: { champion: 1.3.0 }\n    deprecated: []', good: 'models:\n  churn:\n    aliases: { champion: 1.2.0 }\n    deprecated: [1.0.0]' },
  },
  async check({ repo }) {
    const registry = await readYaml(repo, REGISTRY_FILE)
    if (!registry) return []
    if (registry.error) return [{ file: REGISTRY_FILE, line: registry.errorAt?.line ?? 1, column: registry.errorAt?.column, message: `${REGISTRY_FILE} does not parse (${registry.error}): fix the YAML.` }]
    const findings: RuleFinding[] = []
    const versions = new Set(modelVersions(repo).map(({ dir }) => dir))
    for (const model of pairsOf(pairOf(registry.root, 'models')?.value)) {
      const name = scalarText(model.key) ?? ''
      const deprecated = new Set(itemsOf(pairOf(model.value, 'deprecated')?.value).map((item) => scalarText(item)))
      for (const alias of pairsOf(pairOf(model.value, 'aliases')?.value)) {
        const aliasName = scalarText(alias.key) ?? ''
        const version = scalarText(alias.value) ?? ''
        const at = { file: REGISTRY_FILE, line: lineOfNode(registry, alias) }
        if (!versions.has(`models/${name}/${version}`)) {
          findings.push({ ...at, message: `Alias ${name}@${aliasName} points at ${version}, but models/${name}/${version}/ does not exist: point it at a trained version.` })
        } else if (deprecated.has(version)) {
          findings.push({ ...at, message: `Alias ${name}@${aliasName} points at ${version}, which is deprecated: move the alias to a supported version.` })
        }
      }
    }
    return findings
  },
})
