import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createInquirerAsk } from '../../src/generate/ask.js'
import type { Question } from '../../src/generate/questions.js'

const QUESTIONS: Question[] = [
  { type: 'input', name: 'projectName', message: 'Project name', pattern: '^[a-z-]+$', patternHint: 'lowercase letters and hyphens' },
  { type: 'list', name: 'license', message: 'License', choices: ['MIT', 'Apache-2.0'], default: 'MIT' },
  { type: 'confirm', name: 'serving', message: 'Serve?', default: true },
]

// Real @inquirer/prompts driven through streams: keystrokes in, rendered prompt out.
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined })
  const output = new PassThrough()
  let screen = ''
  output.on('data', (chunk: Buffer) => (screen += chunk.toString()))
  const type = (keys: string) => setImmediate(() => input.write(keys))
  return { streams: { input, output }, type, screen: () => screen }
}

async function waitFor(read: () => string, text: string) {
  for (let i = 0; i < 200 && !read().includes(text); i++) await new Promise((resolve) => setTimeout(resolve, 5))
}

describe('createInquirerAsk', () => {
  it('asks each missing question, re-asks an invalid name, and returns typed answers', async () => {
    const term = terminal()
    const answers = createInquirerAsk(term.streams)(QUESTIONS, {})
    await waitFor(term.screen, 'Project name')
    term.type('Bad_Name\r')
    await waitFor(term.screen, 'lowercase letters and hyphens')
    term.type('\x7f'.repeat(8) + 'good-name\r')
    await waitFor(term.screen, 'License')
    term.type('\x1b[B\r') // arrow down: Apache-2.0
    await waitFor(term.screen, 'Serve?')
    term.type('n\r')
    expect(await answers).toEqual({ projectName: 'good-name', license: 'Apache-2.0', serving: false })
  })

  it('turns Ctrl+C into a cancelled ToolError', async () => {
    const term = terminal()
    const answers = createInquirerAsk(term.streams)(QUESTIONS, {})
    await waitFor(term.screen, 'Project name')
    term.type('\x03')
    await expect(answers).rejects.toMatchObject({ code: 'cancelled', message: 'Cancelled.' })
  })
})
