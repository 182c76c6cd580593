import { describe, expect, it } from 'vitest'
import { detectSecrets, detectSecretsInChunks, isMostlyText } from '../../src/secrets/index.js'

const TOKEN = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_')
const reader = (text: string) => {
  const bytes = Buffer.from(text)
  return [(position: number, length: number) => bytes.subarray(position, position + length), bytes.length] as const
}
const positions = (findings: Array<{ line: number; column: number }>) => findings.map(({ line, column }) => ({ line, column }))

describe('detectSecretsInChunks', () => {
  it('reports what a whole-file scan reports, wherever the chunk boundaries fall', async () => {
    const text = Array.from({ length: 120 }, (_, index) => (index % 17 === 5 ? `  key: "${TOKEN}"  # ${index}\n` : `line ${index} of ordinary text\n`)).join('')
    const whole = positions(await detectSecrets(text, 'a.yaml'))
    expect(whole.length).toBe(7)
    for (const chunkBytes of [200, 333, 512, 1000]) {
      const [read, size] = reader(text)
      expect(positions(await detectSecretsInChunks(read, size, 'a.yaml', { chunkBytes, overlapBytes: 90 }))).toEqual(whole)
    }
  })

  it('keeps columns right when a chunk has to start inside one long line', async () => {
    const text = `${'x'.repeat(700)} ${TOKEN} ${'y'.repeat(700)}\n`
    const [read, size] = reader(text)
    expect(positions(await detectSecretsInChunks(read, size, 'min.js', { chunkBytes: 400, overlapBytes: 100 }))).toEqual([{ line: 1, column: 702 }])
  })
})

describe('isMostlyText', () => {
  it('takes text with a stray NUL as text and compressed bytes as binary', () => {
    expect(isMostlyText(Buffer.from(`\0${'plain text\n'.repeat(50)}`))).toBe(true)
    const random = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 2654435761) % 256))
    expect(isMostlyText(random)).toBe(false)
  })
})
