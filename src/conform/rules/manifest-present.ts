import { defineRule } from '../rule.js'
import { MANIFEST_FILE } from '../policy.js'

export default defineRule({
  id: 'manifest-present',
  description: 'The repository has an .opsmith.json (template, answers, policy)',
  severity: 'warning',
  refs: ['copier:answers-file', 'cruft:cruft.json'],
  check({ project }) {
    if (project.exists) return []
    return [{ file: MANIFEST_FILE, line: 1, message: `No ${MANIFEST_FILE}: the default policy applied. Add one (\`{ "conform": { "rules": {}, "waivers": [] } }\`) to record your policy, or generate the project with \`opsmith new\`.` }]
  },
})
