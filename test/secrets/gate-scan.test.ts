import { describe, expect, it } from 'vitest'
import { createGateScanner } from '../../src/secrets/gate-scan.js'

// The WebAssembly loop against the plain definition: every index i with table[bytes[i] << 8 | bytes[i + 1]] set.
function expected(table: Uint8Array, bytes: Uint8Array): number[] {
  const found: number[] = []
  for (let index = 0; index + 1 < bytes.length; index++) if (table[((bytes[index] as number) << 8) | (bytes[index + 1] as number)]) found.push(index)
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
  for (const pair of ['hp', 'k_', ':/', 'zz', '\x00a']) table[(pair.charCodeAt(0) << 8) | pair.charCodeAt(1)] = 1
  const scanner = createGateScanner(table)

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
})
