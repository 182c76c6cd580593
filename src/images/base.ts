import fs from 'node:fs/promises'
import path from 'node:path'
import { ToolError } from '../errors.js'
import { DEFAULT_SUITE } from './bootstrap.js'
import { getDocker, imageExists } from './docker.js'
import { followProgress } from './progress.js'

/** The build argument naming the Debian image a Dockerfile builds FROM (images/python, generated projects). */
export const DEBIAN_ARG = 'DEBIAN_IMAGE'
/** Where `opsmith image bootstrap` puts the Debian root filesystem by default. */
export const BOOTSTRAP_TAG = `opsmith/debian:${DEFAULT_SUITE}`

export interface BaseChoice {
  /** The image to pass as DEBIAN_IMAGE, or undefined to keep the Dockerfile's default. */
  base?: string
  /** One sentence for the user when the choice is not what the Dockerfile pins. */
  notice?: string
}

/** The stage a generated Dockerfile pins its Debian image in (`FROM <ref>@sha256:... AS debian`). */
export const DEBIAN_STAGE = 'debian'
const PINNED_STAGE = new RegExp(`^(FROM\\s+)(\\S+)(\\s+AS\\s+${DEBIAN_STAGE}[ \\t]*)$`, 'im')

/**
 * The Debian image a Dockerfile pins: the image of its `debian` stage (a FROM line, which Dependabot keeps
 * current), else the default of `ARG DEBIAN_IMAGE=<ref>` (images/python).
 */
export async function readPinnedBase(contextDir: string): Promise<string | undefined> {
  const text = await fs.readFile(path.join(contextDir, 'Dockerfile'), 'utf8')
  return PINNED_STAGE.exec(text)?.[2] ?? new RegExp(`^ARG\\s+${DEBIAN_ARG}=(\\S+)\\s*$`, 'm').exec(text)?.[1]
}

/**
 * The Dockerfile with its `debian` stage built FROM `base`, or undefined when it has no such stage. The engine's
 * classic builder (the Engine API's default) runs every stage, so passing DEBIAN_IMAGE alone would still pull
 * the pinned image; BuildKit skips the unused stage by itself.
 */
export async function rebaseDockerfile(contextDir: string, base: string): Promise<string | undefined> {
  const text = await fs.readFile(path.join(contextDir, 'Dockerfile'), 'utf8')
  if (!PINNED_STAGE.test(text)) return undefined
  return text.replace(PINNED_STAGE, (_, from: string, _image: string, stage: string) => `${from}${base}${stage}`)
}

/**
 * Keeps the pinned Debian image when the engine has it or can pull it; otherwise falls back to the
 * bootstrapped one (`bootstrapTag`), and says so. Neither available: one line that says what to do.
 */
export async function chooseBase(pinned: string | undefined, bootstrapTag = BOOTSTRAP_TAG): Promise<BaseChoice> {
  if (pinned === undefined || (await imageExists(pinned))) return {}
  const pullError = await pull(pinned)
  if (pullError === undefined) return {}
  if (await imageExists(bootstrapTag)) {
    return { base: bootstrapTag, notice: `Cannot pull ${pinned} (${pullError}); building FROM the bootstrapped ${bootstrapTag} instead.` }
  }
  throw new ToolError('failed', `Cannot pull ${pinned} (${pullError}) and there is no bootstrapped ${bootstrapTag}: run \`opsmith image bootstrap\` (needs only Debian's package mirror), or pass --base IMAGE.`)
}

async function pull(reference: string): Promise<string | undefined> {
  try {
    const stream = (await getDocker().pull(reference)) as unknown as AsyncIterable<unknown>
    await followProgress(stream, { action: `pull of ${reference}` })
    return undefined
  } catch (error) {
    const message = (error as { json?: { message?: string } }).json?.message ?? (error as Error).message
    return (message.split('\n')[0] ?? '').replace(/^\(HTTP code \d+\) [a-z ]+ - /, '').trim()
  }
}
