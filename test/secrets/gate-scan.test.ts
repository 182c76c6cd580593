import { describe, expect, it } from 'vitest'
import { createGateScanner } from '../../src/secrets/gate-scan.js'

const key = (pair: string) => pair.charCodeAt(0) | (pair.charCodeAt(1) << 8)

// The WebAssembly loop against the plain definition: every index i with table[bytes[i] | bytes[i + 1] << 8] set.
function expected(table: Uint8Array, bytes: Uint8Array): number[] {
  const found: number[] = []
  for (let index = 0; index + 1 < bytes.length; index++) if (table[(bytes[index] as number) | ((bytes[index + 1] as number) << 8)]) found.push(index)
  return found
}

function all(scanner: ReturnType<typeof createGateScanner>, bytes: Uint8Array): number[] {
  scanner.scan(bytes)
  const found: number[] = []
  for (let index = scanner.next(0); index !== -1; index = scanner.next(index + 1)) found.push(index)
  return found
}

describe('createGateScanner', () => {
  const table = new Uint8Array(1 << 16)
  for (const pair of ['hp', 'k_', ':/', 'zz', '\x00a']) table[key(pair)] = 2
  const scanner = createGateScanner(table, new Uint8Array(1 << 16))

  it('finds the marked pairs where a byte loop does, at the edges too', () => {
    for (const text of ['', 'h', 'hp', 'xhp', 'hpk_', 'zzz', 'ghp_k_ https://x', 'no gate here at all']) {
      const bytes = Buffer.from(text, 'latin1')
      expect(all(scanner, bytes), text).toEqual(expected(table, bytes))
    }
  })

  it('agrees with the byte loop on random bytes of many lengths, growing its memory for large inputs', () => {
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff)
    for (const length of [2, 3, 17, 255, 4096, 70_000, 3 * 1024 * 1024 + 5]) {
      const bytes = Buffer.alloc(length)
      for (let index = 0; index < length; index++) bytes[index] = 'hpk_:/z\x00a'.charCodeAt(random() % 9)
      expect(all(scanner, bytes)).toEqual(expected(table, bytes))
    }
  })

  it('scans bytes read into its own memory without losing them', () => {
    const view = scanner.load(6)
    view.write('ab:/hp', 'latin1')
    expect(all(scanner, view)).toEqual([2, 4])
    expect(view.toString('latin1')).toBe('ab:/hp')
  })

  it('with followers, counts a gate of 1 only where a marked pair starts at the next byte', () => {
    const gates = new Uint8Array(1 << 16)
    const followers = new Uint8Array(1 << 16)
    gates[key('hs')] = 1 // as in ghs_: only before "s_"
    followers[key('s_')] = 1
    gates[key('s:')] = 2 // as at the end of postgres:
    gates[key('hp')] = 1
    followers[key('p\0')] = 1 // never a keyword's; a gate in the last pair reads a 0 after the bytes
    const reference = (bytes: Uint8Array): number[] => {
      const found: number[] = []
      for (let index = 0; index + 1 < bytes.length; index++) {
        const gate = gates[(bytes[index] as number) | ((bytes[index + 1] as number) << 8)] as number
        const after = index + 2 < bytes.length ? (bytes[index + 2] as number) : 0
        if (gate === 2 || (gate === 1 && followers[(bytes[index + 1] as number) | (after << 8)])) found.push(index)
      }
      return found
    }
    const withFollowers = createGateScanner(gates, followers)
    for (const text of ['epochs', 'ghs_x', 'ghs_', 'https://', 'hs', 'hs_', 'xhp', 'hp']) {
      const bytes = Buffer.from(text, 'latin1')
      expect(all(withFollowers, bytes), text).toEqual(reference(bytes))
    }
    expect(all(withFollowers, Buffer.from('epochs ghs_ https:'))).toEqual([8, 16])
    let seed = 3
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff)
    for (const length of [2, 3, 50, 4096, 70_000]) {
      const bytes = Buffer.alloc(length)
      for (let index = 0; index < length; index++) bytes[index] = 'hs_:p\0'.charCodeAt(random() % 6)
      expect(all(withFollowers, bytes)).toEqual(reference(bytes))
    }
  })

  it('with an `after` condition, counts a gate of 3 only where its follower, a run of the right length and its end byte come next', () => {
    const gates = new Uint8Array(1 << 16)
    const followers = new Uint8Array(1 << 16)
    gates[key(':/')] = 3 // as basicauth's `://`: 1 to 5 of [a-z_] after it, then `:`
    followers[key('//')] = 1
    gates[key('hp')] = 2
    const run = new Uint8Array(256)
    for (const byte of Buffer.from('abcdefghijklmnopqrstuvwxyz_', 'latin1')) run[byte] = 1
    const after = { run, skip: 3, min: 1, max: 5, then: ':'.charCodeAt(0) }
    const reference = (bytes: Uint8Array): number[] => {
      const found: number[] = []
      for (let index = 0; index + 1 < bytes.length; index++) {
        const gate = gates[(bytes[index] as number) | ((bytes[index + 1] as number) << 8)] as number
        if (gate === 2) found.push(index)
        if (gate !== 3 || bytes[index + 2] !== 0x2f) continue
        let end = index + after.skip
        while (end < bytes.length && end < index + after.skip + after.max && run[bytes[end] as number]) end++
        if (end - index - after.skip >= after.min && end < bytes.length && bytes[end] === after.then) found.push(index)
      }
      return found
    }
    const scanner = createGateScanner(gates, followers, after)
    const cases = ['https://u:p@', 'https://example.com/', 'x://abcde:', 'x://abcdef:', 'x://:', 'x://a', 'x://a:', '://', ':/', 'x://ab\0:', 'hp://a:hp']
    for (const text of cases) {
      const bytes = Buffer.from(text, 'latin1')
      expect(all(scanner, bytes), text).toEqual(reference(bytes))
    }
    expect(all(scanner, Buffer.from('https://example.com https://u:p@x', 'latin1'))).toEqual([25])
    let seed = 9
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff)
    for (const length of [2, 3, 4, 5, 50, 4096, 70_000]) {
      const bytes = Buffer.alloc(length)
      for (let index = 0; index < length; index++) bytes[index] = ':/ab_:.hp\0'.charCodeAt(random() % 10)
      expect(all(scanner, bytes)).toEqual(reference(bytes))
    }
    expect(() => createGateScanner(gates, followers)).toThrow(/gate of 3 needs an `after`/)
  })
})
