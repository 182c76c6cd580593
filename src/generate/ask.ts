import { ToolError } from '../errors.js'
import { checkAnswer, type Answers, type Question } from './questions.js'
import type { AskFunction } from './answers.js'

/** True when a person can answer prompts: both stdin and stdout are terminals. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY)
}

/** Streams the prompts read and write; tests pass their own instead of a pseudo-terminal. */
export interface PromptStreams {
  input?: NodeJS.ReadableStream
  output?: NodeJS.WritableStream
}

/** An AskFunction that uses @inquirer/prompts (loaded only when a prompt is really needed). */
export function createInquirerAsk(streams: PromptStreams = {}): AskFunction {
  return async (questions, known) => {
    const prompts = await import('@inquirer/prompts')
    const answers: Answers = {}
    try {
      for (const question of questions) {
        const validate = (value: string | boolean | number) => checkAnswer(question, value) ?? true
        answers[question.name] = await askOne(prompts, question, validate, streams)
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') throw new ToolError('cancelled', 'Cancelled.', { cause: error })
      throw error
    }
    return { ...known, ...answers }
  }
}

export const askWithInquirer: AskFunction = createInquirerAsk()

type Prompts = typeof import('@inquirer/prompts')

async function askOne(prompts: Prompts, question: Question, validate: (value: string | boolean | number) => string | true, streams: PromptStreams) {
  const fallback = question.default === undefined ? undefined : question.default
  switch (question.type) {
    case 'confirm':
      return prompts.confirm({ message: question.message, default: fallback === undefined ? undefined : Boolean(fallback) }, streams)
    case 'list':
      return prompts.select(
        {
          message: question.message,
          choices: (question.choices ?? []).map((choice) => ({ value: choice, name: choice })),
          default: fallback === undefined ? undefined : String(fallback),
        },
        streams,
      )
    case 'number': {
      const value = await prompts.number({ message: question.message, default: fallback as number | undefined, required: true }, streams)
      return value ?? 0
    }
    default:
      return prompts.input(
        { message: question.message, default: fallback === undefined ? undefined : String(fallback), validate: (value) => validate(value) },
        streams,
      )
  }
}
