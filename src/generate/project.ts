import path from 'node:path'
import { runUninterruptible } from '../interrupt.js'
import { VERSION } from '../version.js'
import { resolveAnswers, type AnswerSources, type AskFunction } from './answers.js'
import { initRepository, isInsideGitRepo } from './git.js'
import { hashFiles, recordableAnswers } from './manifest.js'
import { RECORD_FILE, templateRecord, writeProjectRecord } from '../record/index.js'
import { loadGenerator } from './plop.js'
import { renderProject } from './render.js'
import type { Answers, Question } from './questions.js'
import { createScratch, createStaging, existingFiles, inspectTarget, moveIntoPlace } from './staging.js'
import { recordLayers, resolvePack, type TemplatePack } from '../packs/resolve.js'

/** Options of `generateProject`; the CLI maps flags onto these. */
export interface GenerateOptions {
  /** Folder to create (absolute, or relative to `cwd`). */
  targetDir: string
  cwd?: string
  /** Built-in template id, folder or npm spec (default python-ml), or a pack the caller already resolved. */
  template?: string | TemplatePack
  answers?: Record<string, unknown>
  set?: Record<string, string>
  flags?: Record<string, unknown>
  /** `--yes`: take defaults for everything not answered. */
  useDefaults?: boolean
  /** `git init` + initial commit (default true). */
  git?: boolean
  /** Add into a non-empty folder without overwriting anything. */
  force?: boolean
  /** Prompts for missing answers; omit when there is no terminal. */
  ask?: AskFunction
  /** Allow a pack's custom JavaScript actions (`--trust`). */
  trust?: boolean
  /** Render into a scratch folder outside the target and report what would be written; the target is never touched. */
  dryRun?: boolean
}

export interface GenerateResult {
  targetDir: string
  template: { id: string; version: string }
  answers: Answers
  /** Files written, repo-relative (conflicting files excluded). */
  files: string[]
  /** Files that already existed (--force) and were kept as they were. */
  conflicts: string[]
  git: { initialized: boolean; committed: boolean }
  warnings: string[]
  /** What the pack tells a user to run next, inside the project (its manifest's `nextSteps`). */
  nextSteps: string[]
  /** Nothing was written (`dryRun`): `files` and `conflicts` say what a real run would do. */
  dryRun: boolean
}

/** Generates a project atomically: render into a staging folder beside the target, then move it into place. */
export async function generateProject(options: GenerateOptions): Promise<GenerateResult> {
  const target = path.resolve(options.cwd ?? process.cwd(), options.targetDir)
  const pack = typeof options.template === 'object' ? options.template : await resolvePack(options.template, options.cwd)

  // 1. Refuse unsafe targets before any question is asked or file is written.
  const state = await inspectTarget(target, options.force === true)

  // 2. Load the generator and settle every answer (prompting only through `ask`). A dry run renders outside the target's folder.
  const staging = options.dryRun === true ? await createScratch() : await createStaging(target)
  let succeeded = false
  try {
    const generator = await loadGenerator(pack, 'project', staging.dir, { trust: options.trust })
    applyPackImages(generator.questions, pack.manifest.images)
    const sources: AnswerSources = {
      useDefaults: options.useDefaults === true,
      inferred: { projectName: path.basename(target) },
      file: options.answers,
      set: options.set,
      flags: options.flags,
    }
    const answers = await resolveAnswers(generator.questions, sources, options.ask)

    // 3. Render into the staging folder.
    const files = await renderProject(generator, answers, { trust: options.trust, opsmithVersion: VERSION })

    // 4. Record what was rendered, then start the repository (inside staging, so failures leave nothing).
    await writeProjectRecord(staging.dir, {
      template: templateRecord(recordLayers(pack)),
      opsmith: VERSION,
      answers: recordableAnswers(generator.questions, answers),
      files: await hashFiles(staging.dir, files),
    })
    const warnings: string[] = []
    let git = { initialized: false, committed: false }
    const written = [...files, RECORD_FILE].sort()
    if (options.dryRun === true) {
      const conflicts = state === 'non-empty' ? existingFiles(target, written) : []
      const nextSteps = pack.manifest.nextSteps ?? []
      return { targetDir: target, template: { id: pack.id, version: pack.version }, answers, files: written.filter((file) => !conflicts.includes(file)), conflicts, git, warnings, nextSteps, dryRun: true }
    }
    if (options.git !== false) {
      if (state === 'non-empty' || (await isInsideGitRepo(path.dirname(target)))) {
        warnings.push('Skipped git init: the target is already inside a git repository.')
      } else {
        const result = await initRepository(staging.dir, `Initial commit from opsmith ${pack.id} ${pack.version}`)
        git = { initialized: result.initialized, committed: result.committed }
        warnings.push(...result.warnings)
      }
    }

    // 5. Move into place: one rename, or file by file without overwriting (--force).
    const conflicts = await runUninterruptible(async () => {
      const kept = await moveIntoPlace(staging.dir, target, state, written)
      staging.committed()
      return kept
    })
    succeeded = true
    return {
      targetDir: target,
      template: { id: pack.id, version: pack.version },
      answers,
      files: written.filter((file) => !conflicts.includes(file)),
      conflicts,
      git,
      warnings,
      nextSteps: pack.manifest.nextSteps ?? [],
      dryRun: false,
    }
  } finally {
    await staging.dispose(succeeded)
  }
}

// The images a pack carries (`opsmith image publish --pack`) are its defaults; OPSMITH_* still win.
const PACK_IMAGE_QUESTIONS = { runtime: ['baseImage', 'OPSMITH_BASE_IMAGE'], dev: ['devImage', 'OPSMITH_DEV_IMAGE'], debian: ['debianImage', 'OPSMITH_DEBIAN_IMAGE'] } as const

function applyPackImages(questions: Question[], images: Partial<Record<keyof typeof PACK_IMAGE_QUESTIONS, string>> | undefined): void {
  for (const [key, [name, variable]] of Object.entries(PACK_IMAGE_QUESTIONS)) {
    const ref = images?.[key as keyof typeof PACK_IMAGE_QUESTIONS]
    const question = questions.find((candidate) => candidate.name === name)
    if (ref && question && process.env[variable] === undefined) question.default = ref
  }
}
