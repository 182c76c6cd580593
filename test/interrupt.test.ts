import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runInterruptCleanups, scratchFolder } from '../src/interrupt.js'
import { testdir } from './helpers/testdir.js'

describe('scratchFolder', () => {
  it('exists, private, from the moment it is returned, and an interrupt removes it', async () => {
    const parent = await testdir()
    const scratch = scratchFolder(path.join(parent, 'work-'))
    expect(fs.statSync(scratch.dir).mode & 0o777).toBe(0o700)
    fs.writeFileSync(path.join(scratch.dir, 'file'), 'x')
    expect(runInterruptCleanups()).toEqual([])
    expect(fs.readdirSync(parent)).toEqual([])
  })

  it('dispose removes it and its clean-up; keep leaves it for the user', async () => {
    const parent = await testdir()
    const removed = scratchFolder(path.join(parent, 'a-'))
    const kept = scratchFolder(path.join(parent, 'b-'))
    await removed.dispose()
    await kept.dispose({ keep: true })
    expect(fs.readdirSync(parent)).toEqual([path.basename(kept.dir)])
    runInterruptCleanups()
    expect(fs.readdirSync(parent)).toEqual([path.basename(kept.dir)])
  })
})
