import { defineRule, WHOLE_FILE } from '../rule.js'
import { MANIFEST_FILE } from '../policy.js'

export default defineRule({
  id: 'manifest-present',
  description: 'The repository has an .opsmith.json (template, answers, policy)',
  severity: 'warning',
  refs: ['copier:answers-file', 'cruft:cruft.json'],
  profile: 'base',
  layout: true,
  docs: {
    why: 'Without .opsmith.json the default policy applies and there is no place for rule levels or waivers; a warning, so repos opsmith never generated can adopt conform first.',
    fix: 'Run `opsmith init`: it writes `.opsmith.json` with the detected profiles and records a baseline. (A hand-written record would be taken for a generated project by `opsmith update`.) A new project gets one from `opsmith new`.',
    examples: { language: 'text', bad: '$ ls -a\n.github  Dockerfile  src', good: '$ opsmith init\n$ ls -a\n.github  .opsmith.json  .opsmith-baseline.json  Dockerfile  src' },
  },
  check({ project }) {
    if (project.exists) return []
    return [{ file: MANIFEST_FILE, ...WHOLE_FILE, message: `No ${MANIFEST_FILE}: the default policy applied. Run \`opsmith init\` to adopt the repository (it records the profiles, your policy and a baseline).` }]
  },
})
