import fs from 'node:fs'
import path from 'node:path'
import wabt from 'wabt'
import { describe, expect, it } from 'vitest'

// The prefilter's WebAssembly module is embedded as base64 beside its WAT source (a comment in gate-scan.ts).
// Assembling that source with wabt, the WebAssembly Binary Toolkit, must give exactly the embedded bytes, so
// the comment a reviewer reads is the code that runs.
const SOURCE = fs.readFileSync(path.resolve(import.meta.dirname, '../../src/secrets/gate-scan.ts'), 'utf8')

describe('gate-scan WebAssembly module', () => {
  it('is its commented WAT source, assembled', async () => {
    const lines = SOURCE.split('\n')
    const start = lines.findIndex((line) => line.startsWith('//   (module'))
    expect(start).toBeGreaterThan(-1)
    const wat: string[] = []
    for (const line of lines.slice(start)) {
      if (!line.startsWith('//   ')) break
      wat.push(line.slice(2))
    }
    const embedded = /const MODULE_BASE64 = '([A-Za-z0-9+/=]+)'/.exec(SOURCE)?.[1]
    expect(embedded).toBeDefined()
    const toolkit = await wabt()
    const module = toolkit.parseWat('gate-scan.wat', wat.join('\n'))
    const { buffer } = module.toBinary({})
    module.destroy()
    expect(Buffer.from(buffer).toString('base64')).toBe(embedded)
  })
})
