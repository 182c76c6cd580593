import { defineRule } from '../rule.js'
import { MANIFEST_FILE } from '../policy.js'
import { knownTemplates } from '../templates.js'

export default defineRule({
  id: 'manifest-template-known',
  description: 'The template recorded in .opsmith.json is one this opsmith knows',
  severity: 'error',
  refs: ['copier:_src_path', 'cruft:template'],
  check({ manifest }) {
    const id = (manifest?.template as { id?: unknown } | undefined)?.id
    if (typeof id !== 'string') return []
    const known = Object.keys(knownTemplates())
    if (known.includes(id)) return []
    return [{ file: MANIFEST_FILE, line: 1, message: `Template \`${id}\` is not known to this opsmith (known: ${known.join(', ')}): fix template.id or install the opsmith version that ships it.` }]
  },
})
