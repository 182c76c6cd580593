import { defineRule, WHOLE_FILE } from '../rule.js'
import { MANIFEST_FILE } from '../policy.js'
import { builtInTemplateIds, isKnownTemplate } from '../templates.js'

export default defineRule({
  id: 'manifest-template-known',
  description: 'The template recorded in .opsmith.json is a built-in pack of this opsmith, or an npm or local pack',
  severity: 'error',
  refs: ['copier:_src_path', 'cruft:template'],
  profile: 'base',
  layout: true,
  docs: {
    why: 'The recorded template must exist for updates and drift checks to work.',
    fix: 'Fix `template.id` (built-in: `python-ml`) or use the opsmith version that ships the template.',
    examples: { language: 'json', bad: '{ "template": { "id": "pyhton-ml", "version": "0.1.0" } }', good: '{ "template": { "id": "python-ml", "version": "0.1.0" } }' },
  },
  check({ project }) {
    const template = project.record?.template
    if (!template || isKnownTemplate(template)) return []
    return [{ file: MANIFEST_FILE, ...(project.locate?.(['template', 'id']) ?? WHOLE_FILE), message: `Template \`${template.id}\` is not a built-in template of this opsmith (built-in: ${builtInTemplateIds().join(', ')}): fix template.id or install the opsmith version that ships it.` }]
  },
})
