import { defineRule } from '../rule.js'
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
    fix: 'Add `.opsmith.json` with `{ "conform": { "rules": {}, "waivers": [] } }`, or generate the project with `opsmith new`.',
  },
  check({ project }) {
    if (project.exists) return []
    return [{ file: MANIFEST_FILE, line: 1, message: `No ${MANIFEST_FILE}: the default policy applied. Add one (\`{ "conform": { "rules": {}, "waivers": [] } }\`) to record your policy, or generate the project with \`opsmith new\`.` }]
  },
})
