import { RE2JS } from 're2js'
import { UsageError } from '../errors.js'

/** One question of a generator, in the inquirer-style shape template authors write in `prompts`. */
export interface Question {
  type: 'input' | 'list' | 'confirm' | 'number'
  name: string
  message: string
  default?: unknown
  choices?: string[]
  /** Regular expression an input answer must match. */
  pattern?: string
  /** Human description of `pattern`, used in error messages. */
  patternHint?: string
  maxLength?: number
  /** Secret answers are asked but never recorded in .opsmith.json. */
  secret?: boolean
  /** Edge values `opsmith template test` renders besides the default (e.g. the longest valid name). */
  examples?: unknown[]
}

export type Answers = Record<string, string | boolean | number>

const QUESTION_TYPES = new Set(['input', 'list', 'confirm', 'number'])

/** Reads a plop generator's `prompts` array into typed questions; template-author mistakes are usage errors. */
export function readQuestions(generatorName: string, prompts: unknown): Question[] {
  if (!Array.isArray(prompts)) throw new UsageError(`Generator "${generatorName}" must declare \`prompts\` as an array of questions.`)
  return prompts.map((raw: Record<string, unknown>, index) => {
    const where = `generator "${generatorName}" prompts[${index}]`
    if (typeof raw?.name !== 'string' || !QUESTION_TYPES.has(String(raw.type))) {
      throw new UsageError(`${where}: needs a \`name\` and a \`type\` of input, list, confirm or number.`)
    }
    if (typeof raw.validate === 'function' || typeof raw.when === 'function') {
      throw new UsageError(`${where}: use \`pattern\`/\`choices\` instead of functions so answers can be checked without prompting.`)
    }
    if (raw.pattern !== undefined) compilePattern(raw as unknown as Question, where)
    return raw as unknown as Question
  })
}

const compiled = new Map<string, { matches: (text: string) => boolean }>()

/**
 * A question's `pattern`, compiled for RE2's linear-time engine (re2js): a pack's `(a+)+$` cannot hang
 * `opsmith new` on a long answer. Lookarounds and backreferences, which need backtracking, are refused.
 */
export function compilePattern(question: Question, where = `question ${question.name}`): { matches: (text: string) => boolean } {
  const source = String(question.pattern)
  let pattern = compiled.get(source)
  if (!pattern) {
    try {
      const re2 = RE2JS.compile(source)
      pattern = { matches: (text) => re2.matcher(text).find() }
    } catch (error) {
      throw new UsageError(`${where}: pattern ${JSON.stringify(source)} is not supported (${(error as Error).message}); opsmith runs patterns in linear time, without lookarounds or backreferences.`, { cause: error })
    }
    compiled.set(source, pattern)
  }
  return pattern
}

/** Turns a string from `--set key=value` into the question's type. */
export function coerceAnswer(question: Question, value: unknown): string | boolean | number {
  if (question.type === 'confirm') {
    if (typeof value === 'boolean') return value
    if (/^(true|yes|y|1)$/i.test(String(value))) return true
    if (/^(false|no|n|0)$/i.test(String(value))) return false
    throw new UsageError(`${question.name}: expected true or false, got "${String(value)}".`)
  }
  if (question.type === 'number') {
    const number = typeof value === 'number' ? value : Number(value)
    if (!Number.isFinite(number)) throw new UsageError(`${question.name}: expected a number, got "${String(value)}".`)
    return number
  }
  return String(value)
}

/** Returns the problem with an answer as a sentence, or undefined when it is valid. */
export function checkAnswer(question: Question, value: string | boolean | number): string | undefined {
  if (question.type === 'list' && !question.choices?.includes(String(value))) {
    return `${question.name}: "${String(value)}" is not one of ${question.choices?.join(', ')}.`
  }
  if (question.type !== 'input') return undefined
  const text = String(value)
  // Empty is an answer only where the pattern says so (e.g. an optional image reference).
  if (text === '' && question.pattern && new RegExp(question.pattern).test('')) return undefined
  if (text.trim() === '') return `${question.name}: must not be empty.`
  if (question.maxLength !== undefined && text.length > question.maxLength) {
    return `${question.name}: at most ${question.maxLength} characters, got ${text.length}.`
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return `${question.name}: must be one line without control characters (a newline would end up in file names).`
  if (question.pattern && !compilePattern(question).matches(text)) {
    return `${question.name}: "${text}" is not valid: ${question.patternHint ?? `expected to match ${question.pattern}`}.`
  }
  return undefined
}

/** The questions as a JSON Schema (draft 2020-12) object, so CI and agents can validate answers first. */
export function questionsToJsonSchema(templateId: string, version: string, questions: Question[]): object {
  const properties: Record<string, object> = {}
  for (const question of questions) {
    const base = { description: question.message, ...(question.default !== undefined ? { default: question.default } : {}) }
    if (question.type === 'confirm') properties[question.name] = { ...base, type: 'boolean' }
    else if (question.type === 'number') properties[question.name] = { ...base, type: 'number' }
    else if (question.type === 'list') properties[question.name] = { ...base, type: 'string', enum: question.choices ?? [] }
    else {
      properties[question.name] = {
        ...base,
        type: 'string',
        minLength: 1,
        ...(question.pattern ? { pattern: question.pattern } : {}),
        ...(question.maxLength !== undefined ? { maxLength: question.maxLength } : {}),
      }
    }
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://opsmith.dev/schemas/templates/${templateId}/${version}/answers.json`,
    title: `Answers for the ${templateId} template`,
    type: 'object',
    properties,
    required: questions.filter((question) => question.default === undefined).map((question) => question.name),
    additionalProperties: false,
  }
}
