import { describe, expect, it } from 'vitest'
import { parseSetFlags, resolveAnswers } from '../../src/generate/answers.js'
import { questionsToJsonSchema, type Question } from '../../src/generate/questions.js'

const QUESTIONS: Question[] = [
  { type: 'input', name: 'projectName', message: 'Name', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', patternHint: 'lowercase letters, digits and hyphens' },
  { type: 'list', name: 'license', message: 'License', choices: ['MIT', 'Apache-2.0'], default: 'MIT' },
  { type: 'confirm', name: 'serving', message: 'Serve?', default: true },
]

describe('resolveAnswers', () => {
  it('takes defaults with --yes and the inferred project name', async () => {
    const answers = await resolveAnswers(QUESTIONS, { useDefaults: true, inferred: { projectName: 'my-model' } })
    expect(answers).toEqual({ projectName: 'my-model', license: 'MIT', serving: true })
  })

  it('lets --set beat the answers file and coerces booleans', async () => {
    const answers = await resolveAnswers(QUESTIONS, {
      useDefaults: true,
      inferred: { projectName: 'x' },
      file: { license: 'Apache-2.0', serving: true },
      set: { serving: 'false' },
    })
    expect(answers).toMatchObject({ license: 'Apache-2.0', serving: false })
  })

  it('names every missing answer when it cannot prompt', async () => {
    await expect(resolveAnswers(QUESTIONS, { useDefaults: false, inferred: { projectName: 'x' } })).rejects.toThrow(
      'Missing answers: license, serving. No terminal to ask on',
    )
  })

  it('asks only the missing questions when it can prompt', async () => {
    const asked: string[] = []
    const answers = await resolveAnswers(QUESTIONS, { useDefaults: false, inferred: { projectName: 'x' }, set: { license: 'MIT' } }, async (questions, known) => {
      asked.push(...questions.map((question) => question.name))
      return { ...known, serving: false }
    })
    expect(asked).toEqual(['serving'])
    expect(answers.serving).toBe(false)
  })

  it.each([
    [{ projectName: 'My_Model' }, 'projectName: "My_Model" is not valid: lowercase letters, digits and hyphens.'],
    [{ projectName: 'ok', license: 'GPL' }, 'license: "GPL" is not one of MIT, Apache-2.0.'],
    [{ projectName: 'ok', serving: 'maybe' }, 'serving: expected true or false, got "maybe".'],
    [{ projectName: 'ok', colour: 'red' }, 'Unknown answer "colour"; this template asks: projectName, license, serving.'],
  ])('rejects %o with one clear line', async (set, message) => {
    await expect(resolveAnswers(QUESTIONS, { useDefaults: true, set: set as Record<string, string> })).rejects.toThrow(message)
  })
})

describe('parseSetFlags', () => {
  it('splits on the first = only', () => {
    expect(parseSetFlags(['a=b=c', 'x='])).toEqual({ a: 'b=c', x: '' })
  })
  it('rejects a value without =', () => {
    expect(() => parseSetFlags(['serving'])).toThrow('--set expects key=value, got "serving".')
  })
  it('keeps prototype names as answers, so they are reported as unknown instead of dropped', async () => {
    for (const key of ['__proto__', 'constructor', 'toString']) {
      await expect(resolveAnswers(QUESTIONS, { useDefaults: true, set: parseSetFlags([`${key}=1`]) })).rejects.toThrow(`Unknown answer "${key}"`)
    }
  })
})

describe('questionsToJsonSchema', () => {
  it('maps question types to JSON Schema and requires questions without defaults', () => {
    expect(questionsToJsonSchema('t', '1.0.0', QUESTIONS)).toMatchObject({
      properties: {
        projectName: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' },
        license: { type: 'string', enum: ['MIT', 'Apache-2.0'], default: 'MIT' },
        serving: { type: 'boolean', default: true },
      },
      required: ['projectName'],
      additionalProperties: false,
    })
  })
})
