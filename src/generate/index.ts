// Library API of project generation; commands and tests call these.
export { generateProject, type GenerateOptions, type GenerateResult } from './project.js'
export { addModelVersion, type AddModelOptions, type AddModelResult } from './model.js'
export { describeTemplateSchema } from './schema.js'
export { resolvePack, resolvePackVersion, listBuiltInTemplates, DEFAULT_TEMPLATE, type TemplatePack, type PackSource } from '../packs/resolve.js'
export { readProjectRecord, RECORD_FILE, PROJECT_RECORD_SCHEMA, type ProjectRecord, type ProjectRecordResult } from '../record/index.js'
export { parseSetFlags } from './answers.js'
export type { Answers, Question } from './questions.js'
