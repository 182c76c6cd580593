import { UsageError } from '../errors.js'
import type { Question } from '../generate/questions.js'

/** One set of answers `opsmith template test` renders, with a name that says what it varies. */
export interface AnswerSet {
  name: string
  answers: Record<string, string | boolean | number>
}

const SAMPLE_NAME = 'sample-project'

/**
 * The matrix: the defaults, then one set per choice of every list question and per value of every
 * yes/no question that differs from the default, then each question's declared `examples` (edge values).
 */
export function buildAnswerMatrix(questions: Question[]): AnswerSet[] {
  const defaults: Record<string, string | boolean | number> = {}
  for (const question of questions) {
    const value = question.default ?? (question.name === 'projectName' ? SAMPLE_NAME : undefined)
    if (value === undefined) throw new UsageError(`question "${question.name}" has no default: give it one, or list edge values in \`examples\``)
    defaults[question.name] = value as string | boolean | number
  }
  const sets: AnswerSet[] = [{ name: 'defaults', answers: defaults }]
  for (const question of questions) {
    const values: unknown[] =
      question.type === 'list' ? (question.choices ?? []) : question.type === 'confirm' ? [true, false] : (question.examples ?? [])
    for (const value of values) {
      if (value === defaults[question.name]) continue
      sets.push({ name: `${question.name}=${String(value)}`, answers: { ...defaults, [question.name]: value as string | boolean | number } })
    }
  }
  return sets
}
