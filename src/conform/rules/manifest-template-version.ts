import semver from 'semver'
import { defineRule } from '../rule.js'
import { MANIFEST_FILE } from '../policy.js'
import { newestTemplateVersion, type RecordedTemplate } from '../templates.js'

export default defineRule({
  id: 'manifest-template-version',
  description: 'The recorded template version is the newest available (built-in packs: this opsmith version)',
  severity: 'warning',
  refs: ['cruft:check', 'copier:update'],
  check({ manifest }) {
    const template = manifest?.template as RecordedTemplate | undefined
    if (typeof template?.id !== 'string' || typeof template.version !== 'string' || !semver.valid(template.version)) return []
    const newest = newestTemplateVersion(template)
    if (!newest || !semver.lt(template.version, newest)) return []
    return [{ file: MANIFEST_FILE, line: 1, message: `The project was generated from ${template.id} ${template.version}; ${newest} is available: run \`opsmith update\` to get its fixes.` }]
  },
})
