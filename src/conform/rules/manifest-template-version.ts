import semver from 'semver'
import { defineRule } from '../rule.js'
import { MANIFEST_FILE } from '../policy.js'
import { knownTemplates } from '../templates.js'

export default defineRule({
  id: 'manifest-template-version',
  description: 'The recorded template version is the newest available',
  severity: 'warning',
  refs: ['cruft:check', 'copier:update'],
  check({ manifest }) {
    const template = manifest?.template as { id?: unknown; version?: unknown } | undefined
    if (typeof template?.id !== 'string' || typeof template.version !== 'string' || !semver.valid(template.version)) return []
    const newest = knownTemplates()[template.id]
    if (!newest || !semver.lt(template.version, newest)) return []
    return [{ file: MANIFEST_FILE, line: 1, message: `The project was generated from ${template.id} ${template.version}; ${newest} is available: update to get the latest fixes.` }]
  },
})
