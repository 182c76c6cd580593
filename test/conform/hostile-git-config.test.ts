import { existsSync } from 'node:fs'
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { runConform } from '../../src/conform/engine.js'
import { testdir } from './helpers.js'

const git = (dir: string, ...args: string[]) => execa('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd: dir })

// A repository that arrives as an archive brings its own .git/config, and git runs the commands it names: a
// file-system monitor on every ls-files, a diff's text conversion, a filter's clean command on a work-tree
// diff (directly or through an included file). conform only reads: none of them may run.
describe('a repository whose .git/config names commands', () => {
  it('runs none of them, and still sees a released model that changed', async () => {
    const marks = await mkdtemp(path.join(os.tmpdir(), 'opsmith-marks-'))
    const mark = (name: string) => `sh -c 'touch ${path.join(marks, name)}; cat'`
    const dir = await testdir({ 'models/churn/1.0.0/model.json': '{}\n', 'models/churn/1.0.0/weights.bin': 'v1\n' }, { git: true })
    await git(dir, 'tag', 'churn@v1.0.0')
    await writeFile(path.join(dir, '.gitattributes'), '* diff=evil filter=evil\n*.bin filter=other\n')
    await git(dir, 'config', 'core.fsmonitor', `${mark('fsmonitor')}; false`)
    await git(dir, 'config', 'diff.evil.textconv', mark('textconv'))
    await git(dir, 'config', 'filter.evil.clean', mark('clean'))
    await writeFile(path.join(dir, '.git/extra.cfg'), `[filter "other"]\n\tclean = "${mark('included-clean')}"\n\tprocess = "${mark('process')}"\n`)
    await git(dir, 'config', 'include.path', 'extra.cfg')
    await appendFile(path.join(dir, 'models/churn/1.0.0/weights.bin'), 'v2\n')

    const result = await runConform({ dir, rules: ['models-released-unchanged', 'secrets-env-ignored'] })
    expect(result.findings.filter((finding) => finding.rule === 'models-released-unchanged').map((finding) => finding.file)).toEqual(['models/churn/1.0.0/weights.bin'])
    for (const name of ['fsmonitor', 'textconv', 'clean', 'included-clean', 'process']) expect(existsSync(path.join(marks, name)), name).toBe(false)
  })
})

// A checkout owned by another user (a CI container, a mounted volume) makes git refuse the repository unless it is
// a safe.directory. conform turns off every command a repository's config could run, so it lists the files with git
// anyway: a committed .env is still reported as tracked. Changing a file's owner takes root, which CI has.
describe.skipIf(process.getuid?.() !== 0)('a checkout owned by another user', () => {
  it('is still read through git: a committed .env is reported as tracked', async () => {
    const dir = await testdir({ '.env': 'TOKEN=1\n', 'app.py': 'print(1)\n' }, { git: true })
    await execa('chown', ['-R', '4321:4321', dir])
    expect((await execa('git', ['ls-files'], { cwd: dir, reject: false })).stderr).toContain('dubious ownership')
    const result = await runConform({ dir, rules: ['secrets-env-ignored'] })
    expect(result.findings.map((finding) => finding.message)).toContainEqual(expect.stringContaining('.env is tracked by git'))
  })
})

// core.worktree in the repository's config points git at another folder: conform listed that folder's untracked
// paths, found none of them here, and checked nothing of what had not been committed yet.
describe('a repository whose .git/config moves its work tree elsewhere', () => {
  it('is still checked where it is: an untracked .env is reported, nothing of the other folder is', async () => {
    const elsewhere = await testdir({ 'decoy.env': 'TOKEN=1\n' })
    const dir = await testdir({ 'app.py': 'print(1)\n' }, { git: true })
    await writeFile(path.join(dir, '.env'), 'TOKEN=1\n')
    await git(dir, 'config', 'core.worktree', elsewhere)
    const result = await runConform({ dir, rules: ['secrets-env-ignored'] })
    expect(result.findings.map((finding) => finding.message)).toContainEqual(expect.stringMatching(/^\.env is not ignored/))
    expect(result.findings.map((finding) => finding.file)).not.toContain('decoy.env')
  })
})
