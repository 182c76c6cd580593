import { createOwnershipResolver } from '../../packs/ownership.js'
import { defineRule, WHOLE_FILE } from '../rule.js'

export default defineRule({
  id: 'template-managed-unchanged',
  description: 'Files the template manages still match what it rendered (hash recorded in .opsmith.json)',
  severity: 'error',
  refs: ['copier:update', 'cruft:diff'],
  profile: 'base',
  layout: true,
  docs: {
    why: 'managed files (workflows, Dockerfile, dev container, scanner configs for python-ml) carry the platform\'s policy; an edit in one repo is drift that the next template version cannot see. Detected offline from the recorded hash, which neither copier nor cruft records.',
    fix: '`opsmith diff` shows the change; move it into the pack and release it, or restore the file, or waive it with a reason, owner and expiry.',
    examples: { language: 'text', bad: '$ opsmith conform\nDockerfile  error  Dockerfile is managed by template python-ml but was edited', good: '$ opsmith update   # template changes arrive through the 3-way merge\n$ opsmith conform\nNo problems' },
  },
  async check({ repo, project, pack }) {
    const recorded = project.record?.files
    if (!pack?.manifest || !recorded) return []
    const ownership = createOwnershipResolver(pack.manifest)
    const findings = []
    for (const [file, hash] of Object.entries(recorded)) {
      if (ownership(file) !== 'managed' || !repo.has(file)) continue
      if ((await repo.sha256(file)) === hash) continue
      findings.push({
        file,
        ...WHOLE_FILE,
        message: `${file} is managed by template ${pack.id} ${pack.version} but changed since it was rendered: see \`opsmith diff\`, then move the change into the pack (or waive it with a reason).`,
      })
    }
    return findings
  },
})
