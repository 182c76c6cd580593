import { UsageError } from '../errors.js'
import { checkAnswer, coerceAnswer, type Answers, type Question } from './questions.js'

/** Where answers can come from, lowest precedence first. */
export interface AnswerSources {
  /** `--yes`: every question without an answer takes its default. */
  useDefaults: boolean
  /** Defaults inferred from the command line, e.g. projectName from the target folder. */
  inferred?: Record<string, unknown>
  /** `--answers file.json` */
  file?: Record<string, unknown>
  /** `--set key=value`, repeatable */
  set?: Record<string, string>
  /** Dedicated flags such as `--base-image`; highest precedence. */
  flags?: Record<string, unknown>
}

/** Asks the still-missing questions (interactive runs only); must keep each question's validation. */
export type AskFunction = (questions: Question[], known: Answers) => Promise<Answers>

/** Parses repeated `key=value` strings into a record; a missing `=` is a usage error. */
export function parseSetFlags(values: string[]): Record<string, string> {
  // No prototype: `--set __proto__=x` is an own key, so it is reported as an unknown answer, not dropped.
  const result: Record<string, string> = Object.create(null)
  for (const value of values) {
    const index = value.indexOf('=')
    if (index <= 0) throw new UsageError(`--set expects key=value, got "${value}".`)
    result[value.slice(0, index)] = value.slice(index + 1)
  }
  return result
}

/**
 * Merges the answer sources, validates every answer and asks for what is missing when `ask` is given.
 * Without `ask` (no TTY), missing answers are an error that names them all: never wait on stdin.
 */
export async function resolveAnswers(questions: Question[], sources: AnswerSources, ask?: AskFunction): Promise<Answers> {
  const byName = new Map(questions.map((question) => [question.name, question]))
  const explicit = { ...sources.file, ...sources.set, ...sources.flags }
  const unknown = Object.keys(explicit).filter((name) => !byName.has(name))
  if (unknown.length > 0) {
    throw new UsageError(`Unknown answer ${unknown.map((name) => `"${name}"`).join(', ')}; this template asks: ${[...byName.keys()].join(', ')}.`)
  }

  for (const [name, value] of Object.entries(explicit)) {
    if (!['string', 'number', 'boolean'].includes(typeof value) && value !== null) {
      throw new UsageError(`Answer "${name}" must be a string, number or boolean, got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value}.`)
    }
  }

  const answers: Answers = {}
  const missing: Question[] = []
  for (const question of questions) {
    const given = explicit[question.name] ?? sources.inferred?.[question.name]
    const value = given ?? (sources.useDefaults ? question.default : undefined)
    if (value === undefined || value === null) {
      missing.push(question)
      continue
    }
    answers[question.name] = coerceAnswer(question, value)
  }

  const problems = questions.flatMap((question) => {
    const value = answers[question.name]
    const problem = value === undefined ? undefined : checkAnswer(question, value)
    return problem ? [problem] : []
  })
  if (problems.length > 0) throw new UsageError(problems.join(' '))

  if (missing.length === 0) return answers
  if (!ask) {
    throw new UsageError(
      `Missing answers: ${missing.map((question) => question.name).join(', ')}. ` +
        'No terminal to ask on: pass --yes for defaults, or --set name=value / --answers FILE.',
    )
  }
  return { ...answers, ...(await ask(missing, answers)) }
}
