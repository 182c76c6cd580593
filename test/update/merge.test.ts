import { describe, expect, it } from 'vitest'
import { mergeText } from '../../src/update/merge.js'

const LABELS = { ours: 'yours', base: 'template 1.0.0', theirs: 'template 2.0.0' }

describe('mergeText', () => {
  it.each([
    { name: 'user unchanged: takes the new template', ours: 'a\nb\n', base: 'a\nb\n', theirs: 'a\nB\n', expected: 'a\nB\n' },
    { name: 'template unchanged: keeps the user edit', ours: 'a\nmine\n', base: 'a\nb\n', theirs: 'a\nb\n', expected: 'a\nmine\n' },
    { name: 'same change on both sides', ours: 'a\nX\n', base: 'a\nb\n', theirs: 'a\nX\n', expected: 'a\nX\n' },
    {
      name: 'different lines: both changes kept',
      ours: 'one\ntwo\nthree\nfour\nmine\n',
      base: 'one\ntwo\nthree\nfour\nfive\n',
      theirs: 'ONE\ntwo\nthree\nfour\nfive\n',
      expected: 'ONE\ntwo\nthree\nfour\nmine\n',
    },
  ])('$name', ({ ours, base, theirs, expected }) => {
    expect(mergeText(ours, base, theirs, LABELS)).toEqual({ content: expected, conflicts: 0 })
  })

  it('marks a conflict when both sides change the same line, keeping both', () => {
    const outcome = mergeText('a\nmine\nc\n', 'a\nb\nc\n', 'a\ntheirs\nc\n', LABELS)
    expect(outcome.conflicts).toBe(1)
    expect(outcome.content).toBe(
      ['a', '<<<<<<< yours', 'mine', '||||||| template 1.0.0', 'b', '=======', 'theirs', '>>>>>>> template 2.0.0', 'c', ''].join('\n'),
    )
  })
})
