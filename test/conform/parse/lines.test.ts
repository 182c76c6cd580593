import { describe, expect, it } from 'vitest'
import { lineAt } from '../../../src/conform/parse/lines.js'

// lineAt must give what `text.split(/\r?\n/)[line - 1]` gives, which the engine, the baseline and the rules used.
describe('lineAt', () => {
  const texts = ['', 'one', 'one\n', 'one\ntwo', 'one\r\ntwo\r\n', '\n\n', 'a\rb\nc\r', '\r\n', 'x\n\r\ny', 'tail\r']
  it.each(texts.flatMap((text) => [0, 1, 2, 3, 4, 1.5, -1].map((line) => [text, line] as const)))('%j line %d', (text, line) => {
    expect(lineAt(text, line)).toBe(Number.isInteger(line) && line >= 1 ? text.split(/\r?\n/)[line - 1] : undefined)
  })
})
