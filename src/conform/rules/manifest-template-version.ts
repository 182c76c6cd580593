// Single functions, not the whole package: conform loads no more of semver than it uses.
import lt from 'semver/functions/lt.js'
import valid from 'semver/functions/valid.js'
import { defineRule, WHOLE_FILE } from '../rule.js'
import { MANIFEST_FILE } from '../policy.js'

export default defineRule({
  id: 'manifest-template-version',
  description: 'The recorded template version is the newest available (built-in packs: this opsmith; npm packs: the registry)',
  severity: 'warning',
  refs: ['cruft:check', 'copier:update'],
  profile: 'base',
  layout: true,
  docs: {
    why: 'Older template versions miss fixes (security settings, pinned actions) that newer projects get. The newest version is the opsmith package version for built-in packs, the registry\'s `latest` for npm packs (looked up with the user\'s npm configuration; `OPSMITH_OFFLINE=1` skips it) and the folder\'s `package.json` for local packs. A pack that cannot be looked up is reported here too, as a warning.',
    fix: '`opsmith update` (3-way merges the new version into the repo).',
    examples: { language: 'json', bad: '{ "template": { "id": "python-ml", "version": "0.0.9" } }', good: '{ "template": { "id": "python-ml", "version": "0.1.0" } }' },
  },
  check({ pack, project }) {
    if (!pack) return []
    // Both findings point at the recorded version.
    const at = project.locate?.(['template', 'version']) ?? WHOLE_FILE
    const findings = pack.problems.map((problem) => ({ file: MANIFEST_FILE, ...at, message: `Could not check template ${pack.id}: ${problem}.` }))
    if (pack.newest && valid(pack.version) && valid(pack.newest) && lt(pack.version, pack.newest)) {
      findings.push({
        file: MANIFEST_FILE,
        ...at,
        message: `The project was generated from ${pack.id} ${pack.version}; ${pack.newest} is available: run \`opsmith update\` to get its fixes.`,
      })
    }
    return findings
  },
})
