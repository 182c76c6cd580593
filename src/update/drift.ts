import os from 'node:os'
import path from 'node:path'
import { createTwoFilesPatch } from 'diff'
import { Contained, ContainmentError, type Entry } from '../contain.js'
import { UsageError } from '../errors.js'
import { createOwnershipResolver } from '../packs/ownership.js'
import { resolveRecordedLayers } from '../packs/resolve.js'
import { recordedLayers, requireProjectRecord } from '../record/index.js'
import { recoverInterruptedUpdate } from './journal.js'
import { renderRecorded } from './render-recorded.js'
import { scratchFolder } from '../interrupt.js'

/** One managed file that no longer matches what its pack renders. */
export interface FileDrift {
  file: string
  /** `symlink`: the path (or a folder on it) is a symbolic link, reported and never read; `not-a-file`: a folder, FIFO or device. */
  status: 'modified' | 'deleted' | 'symlink' | 'not-a-file'
  /** Unified diff from the pack's rendering (a/) to the repo's file (b/); for a path that is not read, one line saying why. */
  patch: string
}

/** Re-renders the recorded pack version with the recorded answers and diffs every managed file against it. */
export async function diffManagedFiles(projectDir: string, options: { trust?: boolean } = {}): Promise<FileDrift[]> {
  const root = path.resolve(projectDir)
  recoverInterruptedUpdate(root)
  const manifest = await requireProjectRecord(root)
  const pack = await resolveRecordedLayers(recordedLayers(manifest))
  if ('unavailable' in pack) throw new UsageError(`Template ${manifest.template.id} ${manifest.template.version} is not available: ${pack.unavailable}`)

  const scratch = scratchFolder(path.join(os.tmpdir(), 'opsmith-diff-'))
  const work = scratch.dir
  try {
    const rendering = await renderRecorded(pack, manifest, work, { opsmithVersion: manifest.opsmith ?? manifest.template.version, trust: options.trust })
    const ownership = createOwnershipResolver(pack.manifest)
    const drift: FileDrift[] = []
    const tree = new Contained(root)
    for (const [file, renderedBytes] of rendering.files) {
      if (ownership(file) !== 'managed') continue
      // Read without following anything: a committed symlink pointing outside the project is reported, its target never opened.
      const entry = readEntry(tree, file)
      if (entry.kind === 'symlink' || entry.kind === 'directory' || entry.kind === 'other') {
        const status = entry.kind === 'symlink' ? 'symlink' : 'not-a-file'
        drift.push({ file, status, patch: `# ${file}: ${status === 'symlink' ? 'a symbolic link (on the path or the file itself)' : 'not a regular file'}; not read, not compared\n` })
        continue
      }
      if (entry.kind === 'file' && entry.bytes.equals(renderedBytes)) continue
      const rendered = renderedBytes.toString('utf8')
      const current = entry.kind === 'file' ? entry.bytes.toString('utf8') : undefined
      const patch = createTwoFilesPatch(`a/${file}`, current === undefined ? '/dev/null' : `b/${file}`, rendered, current ?? '', `${pack.id} ${pack.version}`, 'repo')
      drift.push({ file, status: current === undefined ? 'deleted' : 'modified', patch })
    }
    return drift
  } finally {
    await scratch.dispose()
  }
}

function readEntry(tree: Contained, file: string): Entry {
  try {
    return tree.read(file)
  } catch (error) {
    // A folder on the way is a symlink (or a file): reported like a symlinked file.
    if (error instanceof ContainmentError) return { kind: /symbolic link/.test(error.message) ? 'symlink' : 'other' }
    throw error
  }
}
