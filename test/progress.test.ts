import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { withProgress } from '../src/progress.js'

function capture(isTTY: boolean): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY })
  const chunks: string[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()))
  return { stream, text: () => chunks.join('') }
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('progress', () => {
  it('writes plain timestamped start and done lines when not a terminal', async () => {
    const { stream, text } = capture(false)
    expect(await withProgress(stream, 'Pushing x', async () => 42)).toBe(42)
    expect(text()).toMatch(/^\[\d\d:\d\d:\d\d\] Pushing x\.\.\.\n\[\d\d:\d\d:\d\d\] Pushing x: done in \d+\.\d s\n$/)
  })

  it('writes plain lines in CI even on a terminal, and a failed line before rethrowing', async () => {
    vi.stubEnv('CI', 'true')
    const { stream, text } = capture(true)
    await expect(withProgress(stream, 'Building', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(text()).toMatch(/Building: failed after \d+\.\d s\n$/)
    expect(text()).not.toContain('\r')
  })

  it('on a terminal: one rewritten spinner line with elapsed time and the current step, then a result line', async () => {
    vi.stubEnv('CI', '')
    vi.stubEnv('NO_COLOR', '1')
    const { stream, text } = capture(true)
    await withProgress(stream, 'Building python', async (progress) => {
      progress.update('Step 3/31 : RUN apt-get update')
      await new Promise((resolve) => setTimeout(resolve, 200))
    })
    expect(text()).toMatch(/\r\x1b\[K. Building python \d+\.\d s {2}Step 3\/31 : RUN apt-get update/)
    expect(text()).toMatch(/\r\x1b\[K✔ Building python \(\d+\.\d s\)\n$/)
  })
})
