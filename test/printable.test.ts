import { describe, expect, it } from 'vitest'
import { printable, printableLines } from '../src/printable.js'

describe('printable', () => {
  it.each([
    ['plain text, accents and emoji', 'modèle 🚀 `x` "q"', 'modèle 🚀 `x` "q"'],
    ['OSC 52 (sets the clipboard)', 'a\u001b]52;c;cHduZWQ=\u0007b', 'a\\u001b]52;c;cHduZWQ=\\u0007b'],
    ['a newline and a carriage return', 'one\ntwo\rthree', 'one\\u000atwo\\u000dthree'],
    ['the 8-bit CSI and DEL', 'x\u009b2Jy\u007f', 'x\\u009b2Jy\\u007f'],
    ['bidi overrides and isolates', 'a\u202egnp.sh\u2066\u2069\u200f', 'a\\u202egnp.sh\\u2066\\u2069\\u200f'],
    ['a tab', 'a\tb', 'a\\u0009b'],
  ])('%s', (_name, text, shown) => {
    expect(printable(text)).toBe(shown)
  })

  it('keeps the line breaks of a report', () => {
    expect(printableLines('Created x:\n  a\u001b[2J\n')).toBe('Created x:\n  a\\u001b[2J\n')
  })
})
