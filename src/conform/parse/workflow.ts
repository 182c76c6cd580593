import type { Node, Pair } from 'yaml'
import type { Repo } from '../repo.js'
import { errorPositionWithin, itemsOf, pairOf, pairsOf, readYaml, scalarText, type ParsedYaml } from './yaml.js'

/** One job of a workflow, with its YAML node for positions. */
export interface WorkflowJob {
  id: string
  pair: Pair<Node, Node>
  node: Node | null
  steps: Node[]
}

export const WORKFLOW_GLOB = '.github/workflows/*.{yml,yaml}'

/**
 * Every workflow file that parses. One that does not is recorded on the repo view, and the engine reports it
 * once as `parse-error` at the error's line and column, whichever workflow rules ran.
 */
export async function readWorkflows(repo: Repo): Promise<ParsedYaml[]> {
  const parsed = await Promise.all(repo.glob(WORKFLOW_GLOB).map((file) => readYaml(repo, file)))
  for (const workflow of parsed) {
    if (workflow?.error !== undefined) repo.unparsed.set(workflow.file, { message: workflow.error, ...errorPositionWithin(workflow.text, workflow.errorAt) })
  }
  return parsed.filter((workflow): workflow is ParsedYaml => workflow !== undefined && workflow.error === undefined)
}

export function jobsOf(workflow: ParsedYaml): WorkflowJob[] {
  const jobs = pairOf(workflow.root, 'jobs')?.value
  return pairsOf(jobs).map((pair) => ({
    id: scalarText(pair.key) ?? '',
    pair,
    node: pair.value,
    steps: itemsOf(pairOf(pair.value, 'steps')?.value),
  }))
}

/** A job and the workflow that holds it. */
export interface WorkflowJobRef {
  workflow: ParsedYaml
  job: WorkflowJob
}

/** The workflows that parse and run on one of `events` (every workflow when omitted), and all their jobs. */
export async function readWorkflowJobs(repo: Repo, events?: readonly string[]): Promise<{ workflows: ParsedYaml[]; jobs: WorkflowJobRef[] }> {
  const workflows = (await readWorkflows(repo)).filter((workflow) => events === undefined || triggersOf(workflow).some((event) => events.includes(event)))
  return { workflows, jobs: workflows.flatMap((workflow) => jobsOf(workflow).map((job) => ({ workflow, job }))) }
}

/** What a job is known by: its id, and its `name:` when it has one. */
export function jobLabels(job: WorkflowJob): string[] {
  return [job.id, scalarText(pairOf(job.node, 'name')?.value) ?? ''].filter(Boolean)
}

/** Names of the events that trigger a workflow (`on: push`, `on: [push]`, `on: { push: ... }`). */
export function triggersOf(workflow: ParsedYaml): string[] {
  const on = (workflow.value as Record<string, unknown> | null)?.on
  if (typeof on === 'string') return [on]
  if (Array.isArray(on)) return on.map(String)
  if (on && typeof on === 'object') return Object.keys(on)
  return []
}

/** The `uses:` of a step, if any. */
export function stepUses(step: Node): string | undefined {
  return scalarText(pairOf(step, 'uses')?.value)
}

/** Whether a step runs actions/checkout (any version). */
export function isCheckout(step: Node): boolean {
  return /^actions\/checkout@/i.test(stepUses(step) ?? '')
}
