import { ToolError } from '../errors.js'
import { checkAnswer, type Answers, type Question } from './questions.js'
import type { AskFunction } from './answers.js'

/** True when a person can answer prompts: both stdin and stdout are terminals. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY)
}

/** Asks questions with @inquirer/prompts (loaded only when a prompt is really needed). */
export const askWithInquirer: AskFunction = async (questions, known) => {
  const prompts = await import('@inquirer/prompts')
  const answers: Answers = {}
  try {
    for (const question of questions) {
      const validate = (value: string | boolean | number) => checkAnswer(question, value) ?? true
      answers[question.name] = await askOne(prompts, question, validate)
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new ToolError('cancelled', 'Cancelled.', { cause: error })
    throw error
  }
  return { ...known, ...answers }
}

type Prompts = typeof import('@inquirer/prompts')

async function askOne(prompts: Prompts, question: Question, validate: (value: string | boolean | number) => string | true) {
  switch (question.type) {
    case 'confirm':
      return prompts.confirm({ message: question.message, default: question.default === undefined ? undefined : Boolean(question.default) })
    case 'list':
      return prompts.select({
        message: question.message,
        choices: (question.choices ?? []).map((choice) => ({ value: choice, name: choice })),
        default: question.default === undefined ? undefined : String(question.default),
      })
    case 'number': {
      const value = await prompts.number({ message: question.message, default: question.default as number | undefined, required: true })
      return value ?? 0
    }
    default:
      return prompts.input({
        message: question.message,
        default: question.default === undefined ? undefined : String(question.default),
        validate: (value) => validate(value),
      })
  }
}
