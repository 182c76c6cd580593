import validVersion from 'semver/functions/valid.js'
import type { Repo } from '../repo.js'
import { MODEL_NAME } from './models.js'
import { lineOfNode, pairOf, readYaml, type ParsedYaml } from './yaml.js'
import { recordedLayers, type ProjectRecord } from '../../record/index.js'

/** Fixed paths of the python-llm layout (notes/llm-contract.md). */
export const PROMPTS_DIR = 'prompts'
export const PROMPTS_REGISTRY = 'prompts/registry.yaml'
export const EVAL_CONFIG = 'config/eval.yaml'
export const LLM_CONFIG = 'config/llm.yaml'
export const LLM_TEMPLATE_ID = 'python-llm'

/** Prompt ids follow the model-name grammar (kebab-case), so tags and folders agree. */
export const PROMPT_ID = MODEL_NAME

/** One file under `prompts/<id>/`, with what its path says it is. */
export interface PromptFile {
  file: string
  id: string
  /** File name without `.md`; a valid MAJOR.MINOR.PATCH only when `valid`. */
  version: string
  valid: boolean
}

/**
 * Whether the repository is an LLM project: it has a `prompts/` folder or was generated from the
 * python-llm template. Every llm-* rule returns nothing otherwise, so python-ml and plain repos are unaffected.
 */
export function isLlmProject(repo: Repo, record: ProjectRecord | undefined): boolean {
  // A pack that extends python-llm makes an LLM project too.
  const layers = record ? recordedLayers(record) : []
  return layers.some((layer) => layer.id === LLM_TEMPLATE_ID) || repo.glob(`${PROMPTS_DIR}/**`).length > 0
}

/** Every file inside a prompt folder (`prompts/<id>/...`), sorted. */
export function promptFiles(repo: Repo): PromptFile[] {
  return repo.glob(`${PROMPTS_DIR}/*/**`).map((file) => {
    const [, id = '', ...rest] = file.split('/')
    const name = rest.join('/')
    const version = name.replace(/\.md$/, '')
    const valid = rest.length === 1 && name.endsWith('.md') && PROMPT_ID.test(id) && validVersion(version) === version
    return { file, id, version, valid }
  })
}

/** Path of a prompt version's file. */
export function promptPath(id: string, version: string): string {
  return `${PROMPTS_DIR}/${id}/${version}.md`
}

/** The git tag that marks a prompt version released. */
export function promptTag(id: string, version: string): string {
  return `${PROMPTS_DIR}/${id}@v${version}`
}

/** A YAML config of the project, or a finding-ready reason why it cannot be used. */
export type ConfigResult = { config: ParsedYaml; problem?: undefined } | { config?: undefined; problem: string }

export async function readConfig(repo: Repo, file: string, purpose: string): Promise<ConfigResult> {
  const config = await readYaml(repo, file)
  if (!config) return { problem: `${file} is missing: add it with ${purpose} (opsmith's python-llm template ships one).` }
  if (config.error) return { problem: `${file} does not parse (${config.error}): fix the YAML.` }
  if (!(config.value && typeof config.value === 'object' && !Array.isArray(config.value))) return { problem: `${file} must be a YAML mapping: restore it from the template.` }
  return { config }
}

/** 1-based line of `key` at the top level of a config, or 1 when absent. */
export function lineOfKey(config: ParsedYaml, key: string): number {
  return lineOfNode(config, pairOf(config.root, key))
}

/** Findings in file, then line order (what the engine reports, and what table tests compare). */
export function sortByLocation<T extends { file?: string; line?: number }>(findings: T[]): T[] {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)
  return findings.sort((a, b) => text(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0))
}
