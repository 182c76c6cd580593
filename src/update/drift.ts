import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createTwoFilesPatch } from 'diff'
import { ToolError, UsageError } from '../errors.js'
import { resolveAnswers } from '../generate/answers.js'
import { readManifest } from '../generate/manifest.js'
import { loadGenerator } from '../generate/plop.js'
import { renderProject } from '../generate/render.js'
import { createOwnershipResolver } from '../packs/ownership.js'
import { resolvePackVersion } from '../packs/resolve.js'

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
  const manifest = await readManifest(root).catch((error: Error) => {
    throw new ToolError('config', `.opsmith.json is not valid JSON: ${error.message}`, { cause: error })
  })
  if (!manifest) throw new UsageError(`${root} is not an opsmith project (no .opsmith.json).`)
  const source = manifest.template.source ?? { type: 'builtin' as const, spec: manifest.template.id }
  const pack = await resolvePackVersion(source, manifest.template.id, manifest.template.version)
  if ('unavailable' in pack) throw new UsageError(`Template ${manifest.template.id} ${manifest.template.version} is not available: ${pack.unavailable}`)

  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'opsmith-diff-'))
  try {
    const generator = await loadGenerator(pack, 'project', work)
    const known = new Set(generator.questions.map((question) => question.name))
    const answers = await resolveAnswers(generator.questions, {
      useDefaults: true,
      file: Object.fromEntries(Object.entries(manifest.answers).filter(([name]) => known.has(name))),
    })
    const files = await renderProject(generator, answers, { trust: options.trust, opsmithVersion: manifest.opsmith })
    const ownership = createOwnershipResolver(pack.manifest)
    const drift: FileDrift[] = []
    for (const file of files.filter((candidate) => ownership(candidate) === 'managed')) {
      const rendered = await fsp.readFile(path.join(work, file), 'utf8')
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
