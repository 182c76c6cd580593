import { listBuiltInTemplates } from '../packs/resolve.js'

import type { ProjectRecord } from '../record/index.js'

/** How .opsmith.json records where a template came from (`source` is absent in older records). */
export type RecordedTemplate = ProjectRecord['template']

/** Whether the template is one opsmith can resolve: a built-in id, or a pack from npm or a local folder. */
export function isKnownTemplate(template: RecordedTemplate): boolean {
  return !isBuiltIn(template) || listBuiltInTemplates().includes(template.id)
}

export function builtInTemplateIds(): string[] {
  return listBuiltInTemplates()
}

function isBuiltIn(template: RecordedTemplate): boolean {
  return template.source?.type === undefined || template.source.type === 'builtin'
}
