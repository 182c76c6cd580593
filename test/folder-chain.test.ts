import fs from 'node:fs'
import { mkdir, symlink } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FolderChain } from '../src/folder-chain.js'
import { testdir } from './helpers/testdir.js'

describe('FolderChain', () => {
  it.each([
    { name: 'a file at the root', file: 'x.txt', problem: undefined },
    { name: 'real folders all the way', file: 'real/deeper/x.txt', problem: undefined },
    { name: 'a missing folder (the file is missing too)', file: 'missing/x.txt', problem: undefined },
    { name: 'a symlinked folder', file: 'link/x.txt', problem: 'under link, a symlink: git counts it as deleted, and it is not read through the link' },
    { name: 'a symlink below a real folder', file: 'real/link/x.txt', problem: 'under real/link, a symlink: git counts it as deleted, and it is not read through the link' },
    { name: 'the first problem on the way', file: 'link/deeper/x.txt', problem: 'under link, a symlink: git counts it as deleted, and it is not read through the link' },
    { name: 'a file where a folder was', file: 'file/x.txt', problem: 'under file, which is not a folder' },
  ])('$name', async ({ file, problem }) => {
    const dir = await testdir({ 'x.txt': '', 'real/deeper/x.txt': '', 'file': '' })
    await mkdir(path.join(dir, 'elsewhere'))
    await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'link'))
    await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'real', 'link'))
    const chain = new FolderChain(`${dir}${path.sep}`, fs)
    expect(chain.problem(file)).toBe(problem)
    // Asked again (cached), the answer is the same.
    expect(chain.problem(file)).toBe(problem)
  })

  it('answers each path of a sequence in git order (one chain, cached folders)', async () => {
    const dir = await testdir({ 'real/deeper/x.txt': '', 'real/deeper/y.txt': '' })
    await mkdir(path.join(dir, 'elsewhere'))
    await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'link'))
    await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'real', 'link'))
    const chain = new FolderChain(`${dir}${path.sep}`, fs)
    const files = ['link/a.txt', 'link/b.txt', 'real/deeper/x.txt', 'real/deeper/y.txt', 'real/link/x.txt', 'real/x.txt', 'top.txt']
    expect(files.map((file) => chain.problem(file) !== undefined)).toEqual([true, true, false, false, true, false, false])
  })

  // The prefilter's worker threads run the class from its source, as the bundle declares it (an expression).
  it('works from its source alone, given node:fs', async () => {
    const dir = await testdir({ 'real/x.txt': '' })
    await symlink(path.join(dir, 'real'), path.join(dir, 'link'))
    const FromSource = new Function('require', `const Chain = ${FolderChain.toString()}; return Chain`)(undefined) as typeof FolderChain
    const chain = new FromSource(`${dir}${path.sep}`, fs)
    expect(chain.problem('real/x.txt')).toBeUndefined()
    expect(chain.problem('link/x.txt')).toBe('under link, a symlink: git counts it as deleted, and it is not read through the link')
  })
})
