import { createOwnershipResolver } from '../../packs/ownership.js'
import { defineRule } from '../rule.js'

export default defineRule({
  id: 'template-managed-unchanged',
  description: 'Files the template manages still match what it rendered (hash recorded in .opsmith.json)',
  severity: 'error',
  refs: ['copier:update', 'cruft:diff'],
  async check({ repo, manifest, pack }) {
    const recorded = manifest?.files
    if (!pack?.manifest || typeof recorded !== 'object' || recorded === null) return []
    const ownership = createOwnershipResolver(pack.manifest)
    const findings = []
    for (const [file, hash] of Object.entries(recorded as Record<string, unknown>)) {
      if (ownership(file) !== 'managed' || !repo.has(file) || typeof hash !== 'string') continue
      if ((await repo.sha256(file)) === hash) continue
      findings.push({
        file,
        line: 1,
        message: `${file} is managed by template ${pack.id} ${pack.version} but changed since it was rendered: see \`opsmith diff\`, then move the change into the pack (or waive it with a reason).`,
      })
    }
    return findings
  },
})
