import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runConform } from '../conform/index.js'
import type { Finding } from '../conform/index.js'
import { ToolError } from '../errors.js'
import { generateProject } from '../generate/project.js'
import { loadGenerator } from '../generate/plop.js'
import { buildAnswerMatrix, type AnswerSet } from './matrix.js'
import { resolvePack, type TemplatePack } from '../packs/resolve.js'
import { scratchFolder } from '../interrupt.js'

/** The outcome of one answer set: generated and conforming, or what broke. */
export interface AnswerSetResult {
  set: AnswerSet
  ok: boolean
  /** Conform findings at error severity. */
  errors: Finding[]
  /** Generation failed: the one-line reason. */
  failure?: string
}

export interface PackTestOptions {
  /** A pack folder, or a built-in template id. */
  packDir: string
  cwd?: string
  trust?: boolean
  /** Keep the rendered projects (their folder is returned) instead of deleting them. */
  keep?: boolean
  /** The pack, when the caller resolved it already (see resolveTestedPack). */
  pack?: TemplatePack
}

/** The pack `template test NAME` means: the folder NAME when there is one (as `template init NAME` makes it), else a built-in id or npm spec. */
export async function resolveTestedPack(packDir: string, cwd?: string): Promise<TemplatePack> {
  const folder = path.resolve(cwd ?? process.cwd(), packDir)
  return resolvePack(fs.existsSync(path.join(folder, 'opsmith-pack.json')) ? folder : packDir, cwd)
}

/** `opsmith template test`: render every answer set of the matrix, run conform on each, report what broke. */
export async function testPack(options: PackTestOptions): Promise<{ pack: string; version: string; results: AnswerSetResult[]; workDir: string }> {
  const pack = options.pack ?? (await resolveTestedPack(options.packDir, options.cwd))
  const scratch = scratchFolder(path.join(os.tmpdir(), 'opsmith-pack-test-'))
  const work = scratch.dir
  try {
    const generator = await loadGenerator(pack, 'project', work, { trust: options.trust })
    const sets = buildAnswerMatrix(generator.questions)
    const results: AnswerSetResult[] = []
    for (const [index, set] of sets.entries()) {
      const targetDir = path.join(work, `set-${index + 1}`)
      try {
        await generateProject({ targetDir, template: pack, answers: set.answers, useDefaults: true, git: true, trust: options.trust })
      } catch (error) {
        if (!(error instanceof ToolError)) throw error
        results.push({ set, ok: false, errors: [], failure: [error.message, ...error.details].join(' ') })
        continue
      }
      const conform = await runConform({ dir: targetDir })
      const errors = conform.findings.filter((finding) => finding.severity === 'error')
      results.push({ set, ok: errors.length === 0, errors })
    }
    return { pack: pack.id, version: pack.version, results, workDir: work }
  } finally {
    await scratch.dispose({ keep: options.keep })
  }
}
