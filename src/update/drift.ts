import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createTwoFilesPatch } from 'diff'
import { UsageError } from '../errors.js'
import { createOwnershipResolver } from '../packs/ownership.js'
import { resolveRecordedLayers } from '../packs/resolve.js'
import { recordedLayers, requireProjectRecord } from '../record/index.js'
import { renderRecorded } from './render-recorded.js'

/** One managed file that no longer matches what its pack renders. */
export interface FileDrift {
  file: string
  status: 'modified' | 'deleted'
  /** Unified diff from the pack's rendering (a/) to the repo's file (b/). */
  patch: string
}

/** Re-renders the recorded pack version with the recorded answers and diffs every managed file against it. */
export async function diffManagedFiles(projectDir: string, options: { trust?: boolean } = {}): Promise<FileDrift[]> {
  const root = path.resolve(projectDir)
  const manifest = await requireProjectRecord(root)
  const pack = await resolveRecordedLayers(recordedLayers(manifest))
  if ('unavailable' in pack) throw new UsageError(`Template ${manifest.template.id} ${manifest.template.version} is not available: ${pack.unavailable}`)

  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'opsmith-diff-'))
  try {
    const rendering = await renderRecorded(pack, manifest, work, { opsmithVersion: manifest.opsmith ?? manifest.template.version, trust: options.trust })
    const ownership = createOwnershipResolver(pack.manifest)
    const drift: FileDrift[] = []
    for (const [file, renderedBytes] of rendering.files) {
      const rendered = renderedBytes.toString('utf8')
      if (ownership(file) !== 'managed') continue
      const current = await fsp.readFile(path.join(root, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined
        throw error
      })
      if (current === rendered) continue
      const patch = createTwoFilesPatch(`a/${file}`, current === undefined ? '/dev/null' : `b/${file}`, rendered, current ?? '', `${pack.id} ${pack.version}`, 'repo')
      drift.push({ file, status: current === undefined ? 'deleted' : 'modified', patch })
    }
    return drift
  } finally {
    await fsp.rm(work, { recursive: true, force: true })
  }
}
