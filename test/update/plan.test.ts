import { describe, expect, it } from 'vitest'
import { planUpdate, SEEDED_RENDERED_DIFFERENTLY, sha256, usesCrlf } from '../../src/update/plan.js'

const LABELS = { ours: 'yours', base: 'pack 1.0.0', theirs: 'pack 2.0.0' }
const BIN = (...bytes: number[]) => Buffer.from([0x00, 0xff, ...bytes])
const TEXT = (text: string) => Buffer.from(text)

function plan(file: string, sides: { base?: Buffer; theirs?: Buffer; ours?: Buffer; recorded?: Buffer | null; blocked?: string }, mode: 'managed' | 'merged' | 'seeded' = 'merged') {
  const recorded = sides.recorded === null ? {} : { [file]: sha256(sides.recorded ?? (sides.base as Buffer)) }
  return planUpdate({
    base: new Map(sides.base ? [[file, sides.base]] : []),
    theirs: new Map(sides.theirs ? [[file, sides.theirs]] : []),
    ours: new Map(sides.ours ? [[file, sides.ours]] : []),
    blocked: new Map(sides.blocked ? [[file, sides.blocked]] : []),
    recorded,
    ownership: () => mode,
    labels: LABELS,
  })[0]
}

describe('planUpdate', () => {
  it.each([
    { name: 'untouched binary: replaced byte-exact', sides: { base: BIN(1), ours: BIN(1), theirs: BIN(2) }, action: 'update', content: BIN(2) },
    { name: 'edited binary, template unchanged: kept', sides: { base: BIN(1), ours: BIN(9), theirs: BIN(1) }, action: undefined },
    { name: 'edited binary, template changed: yours kept, theirs beside', sides: { base: BIN(1), ours: BIN(9), theirs: BIN(2) }, action: 'conflict', beside: BIN(2) },
    { name: 'text edited into binary: never text-merged', sides: { base: TEXT('a\n'), ours: BIN(9), theirs: TEXT('b\n') }, action: 'conflict', beside: TEXT('b\n') },
    { name: 'a file opsmith never made: never written onto', sides: { ours: TEXT('mine\n'), theirs: TEXT('new\n'), recorded: null }, action: 'conflict', beside: TEXT('new\n') },
    { name: 'a symlink: kept, reported', sides: { base: TEXT('a\n'), ours: undefined, theirs: TEXT('b\n'), blocked: 'a symbolic link' }, action: 'keep' },
    {
      name: 'converted to CRLF only: takes the template change, keeps CRLF',
      sides: { base: TEXT('a\nb\n'), ours: TEXT('a\r\nb\r\n'), theirs: TEXT('a\nB\n') },
      action: 'merge',
      content: TEXT('a\r\nB\r\n'),
    },
    {
      name: 'CRLF and an edit elsewhere: merged line by line',
      sides: { base: TEXT('1\n2\n3\n4\n5\n'), ours: TEXT('1\r\n2\r\n3\r\n4\r\nFIVE\r\n'), theirs: TEXT('ONE\n2\n3\n4\n5\n') },
      action: 'merge',
      content: TEXT('ONE\r\n2\r\n3\r\n4\r\nFIVE\r\n'),
    },
  ])('$name', ({ sides, action, content, beside }) => {
    const step = plan('f', sides)
    expect(step?.action).toBe(action)
    if (content) expect(step?.content).toEqual(content)
    if (beside) expect(step?.beside).toEqual({ file: 'f.opsmith-new', content: beside })
    if (beside) expect(step?.content).toBeUndefined()
  })

  // Seeded files are the project's: never written, only named when the template's render of them changed.
  it.each([
    { name: 'untouched, template unchanged: nothing said', sides: { base: TEXT('a\n'), ours: TEXT('a\n'), theirs: TEXT('a\n') }, reason: undefined },
    { name: 'untouched, rendered differently now: kept, and said', sides: { base: TEXT('model = "a"\n'), ours: TEXT('model = "a"\n'), theirs: TEXT('model = "b"\n') }, reason: SEEDED_RENDERED_DIFFERENTLY },
    { name: 'edited, rendered differently now: kept, and said', sides: { base: TEXT('a\n'), ours: TEXT('mine\n'), theirs: TEXT('b\n') }, reason: SEEDED_RENDERED_DIFFERENTLY },
    { name: 'already what the template renders now: nothing said', sides: { base: TEXT('a\n'), ours: TEXT('b\n'), theirs: TEXT('b\n') }, reason: undefined },
    { name: 'edited, template unchanged: nothing said', sides: { base: TEXT('a\n'), ours: TEXT('mine\n'), theirs: TEXT('a\n') }, reason: undefined },
    { name: 'old version unavailable, rendered differently now: said (from the recorded hash)', sides: { ours: TEXT('a\n'), theirs: TEXT('b\n'), recorded: TEXT('a\n') }, reason: SEEDED_RENDERED_DIFFERENTLY },
  ])('seeded, $name', ({ sides, reason }) => {
    const step = plan('src/app.py', sides, 'seeded')
    expect(step?.reason).toBe(reason)
    if (step) expect(step).toMatchObject({ action: 'keep' })
    expect(step?.content).toBeUndefined()
  })

  it.each([
    ['a\r\nb\r\n', true],
    ['a\nb\n', false],
    ['a\r\nb\n', false],
    ['', false],
  ])('usesCrlf(%j) is %s', (text, expected) => {
    expect(usesCrlf(text)).toBe(expected)
  })
})
