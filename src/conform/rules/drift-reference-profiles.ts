import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { readJson } from '../parse/models.js'
import { lineOfNode, pairOf, pairsOf, readYaml, scalarText } from '../parse/yaml.js'
import { REGISTRY_FILE } from './models-registry-aliases.js'

export default defineRule({
  id: 'drift-reference-profiles',
  description: 'Every aliased (served) model version has its reference profile, matching model.json',
  severity: 'error',
  refs: ['Evidently:reference-data', 'whylogs:profiles'],
  profile: 'ml',
  docs: {
    why: 'Drift is measured against the reference profile written at training time; an aliased (served) version without one cannot be monitored, and a profile that no longer matches model.json\'s `drift_reference.sha256` gives meaningless results.',
    fix: 'Re-run training for that version, or move the alias to a version that has its profile.',
    examples: { language: 'yaml', bad: '# models/registry.yaml: champion 1.2.0 has no reference_profile.json\nmodels:\n  churn:\n    aliases: { champion: 1.2.0 }', good: '# models/churn/1.2.0/ holds reference_profile.json, named with its sha256 in model.json\nmodels:\n  churn:\n    aliases: { champion: 1.2.0 }' },
  },
  async check({ repo }) {
    const registry = await readYaml(repo, REGISTRY_FILE)
    if (!registry || registry.error) return []
    const findings: RuleFinding[] = []
    for (const model of pairsOf(pairOf(registry.root, 'models')?.value)) {
      for (const alias of pairsOf(pairOf(model.value, 'aliases')?.value)) {
        const dir = `models/${scalarText(model.key) ?? ''}/${scalarText(alias.value) ?? ''}`
        if (!repo.has(`${dir}/model.json`)) continue // models-registry-aliases reports it
        const { value } = await readJson(repo, `${dir}/model.json`)
        const reference = (value as { drift_reference?: { path?: string; sha256?: string } } | undefined)?.drift_reference
        // drift_reference.path is relative to the version folder.
        const profile = `${dir}/${reference?.path ?? 'reference_profile.json'}`
        if (!repo.has(profile)) {
          findings.push({ file: REGISTRY_FILE, line: lineOfNode(registry, alias), message: `${dir} is aliased (served) but ${profile} is missing: write the reference profile at training time so drift has a baseline.` })
        } else if (reference?.sha256 && (await repo.sha256(profile)) !== reference.sha256) {
          findings.push({ file: profile, ...WHOLE_FILE, message: `${profile} does not match the sha256 recorded in ${dir}/model.json: restore the profile written at training time.` })
        }
      }
    }
    return findings
  },
})
