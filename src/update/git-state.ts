import { ToolError } from '../errors.js'

/** Update writes into the user's tree, so it starts only from a clean git work tree that can be reviewed and undone. */
export async function ensureCleanWorkTree(dir: string): Promise<void> {
  const { execa } = await import('execa')
  const status = await execa('git', ['status', '--porcelain', '--untracked-files=normal'], { cwd: dir, reject: false })
  if (status.failed) {
    throw new ToolError('usage', `${dir} is not a git repository: opsmith update needs git so every change it makes can be reviewed and undone.`)
  }
  const dirty = status.stdout.split('\n').filter((line) => line.trim() !== '')
  if (dirty.length > 0) {
    const shown = dirty.slice(0, 5).map((line) => line.slice(3)).join(', ')
    throw new ToolError('conflict', `The work tree has uncommitted changes (${shown}${dirty.length > 5 ? ', ...' : ''}); commit or stash them, then run opsmith update again.`)
  }
}
