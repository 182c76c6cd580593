import { DockerfileParser, Instruction, type Argument, type Dockerfile, type From } from 'dockerfile-ast'
import type { Repo } from '../repo.js'

// dockerfile-ast works out an instruction's arguments from its text again on every call: its constructors,
// getArguments, getFlags and getArgumentsContent ask for them dozens of times per instruction, so parsing a 4 KB
// Dockerfile took 3 ms with warm code and 11 ms cold. An instruction never changes once parsed (its ranges are set
// in its constructor and the library has no setters), so they are worked out once per instruction; each caller gets
// its own array, as before (ModifiableInstruction shifts the flags off the one it gets).
const argumentsOf = new WeakMap<Instruction, Argument[]>()
const prototype = Instruction.prototype as unknown as { getRawArguments(this: Instruction): Argument[] }
const deriveArguments = prototype.getRawArguments
prototype.getRawArguments = function getRawArguments(this: Instruction): Argument[] {
  let found = argumentsOf.get(this)
  if (found === undefined) {
    found = deriveArguments.call(this)
    argumentsOf.set(this, found)
  }
  return found.slice()
}

/** One build stage: its FROM and the instructions up to the next FROM. */
export interface Stage {
  from: From
  /** `AS <name>`, if any. */
  name: string | undefined
  instructions: Instruction[]
}

/** A parsed Dockerfile of the repo. */
export interface ParsedDockerfile {
  file: string
  text: string
  dockerfile: Dockerfile
  stages: Stage[]
  /** Default values of the ARGs declared before the first FROM. */
  initialArgs: Map<string, string>
}

const DOCKERFILE_GLOBS = ['**/Dockerfile', '**/Dockerfile.*', '**/*.Dockerfile', '**/*.dockerfile', '**/Containerfile']
const cache = new WeakMap<Repo, Promise<ParsedDockerfile[]>>()

/** Every Dockerfile in the repo, parsed once per repo view (templates `*.hbs` excluded). */
export function readDockerfiles(repo: Repo): Promise<ParsedDockerfile[]> {
  let parsed = cache.get(repo)
  if (!parsed) {
    parsed = parseAll(repo)
    cache.set(repo, parsed)
  }
  return parsed
}

/**
 * One Dockerfile, from the same per-repo parse as `readDockerfiles` when it is one of those (a file under
 * another name, such as a dev container's `build.dockerfile`, is parsed here); undefined when it is not there.
 */
export async function readDockerfile(repo: Repo, file: string): Promise<ParsedDockerfile | undefined> {
  const known = (await readDockerfiles(repo)).find((parsed) => parsed.file === file)
  if (known) return known
  const text = await repo.read(file)
  return text === undefined ? undefined : parseDockerfile(file, text)
}

async function parseAll(repo: Repo): Promise<ParsedDockerfile[]> {
  const files = [...new Set(DOCKERFILE_GLOBS.flatMap((glob) => repo.glob(glob)))]
    .filter((file) => !/\.(hbs|dockerignore|md)$/.test(file))
    .sort()
  const parsed: ParsedDockerfile[] = []
  for (const file of files) {
    const text = await repo.read(file)
    if (text !== undefined) parsed.push(parseDockerfile(file, text))
  }
  return parsed
}

export function parseDockerfile(file: string, text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text)
  const stages: Stage[] = []
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From
      stages.push({ from, name: from.getBuildStage() ?? undefined, instructions: [] })
    } else stages.at(-1)?.instructions.push(instruction)
  }
  const initialArgs = new Map<string, string>()
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty()
    if (property) initialArgs.set(property.getName(), property.getValue() ?? '')
  }
  return { file, text, dockerfile, stages, initialArgs }
}

/** 1-based line of an instruction. */
export function lineOf(instruction: Instruction): number {
  return instruction.getRange().start.line + 1
}

/** The FROM image with `$ARG` / `${ARG}` replaced by the ARG defaults declared before the first FROM. */
export function resolvedImage(parsed: ParsedDockerfile, from: From): string {
  const image = from.getImage() ?? ''
  return image.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (match, name: string) => parsed.initialArgs.get(name) ?? match)
}

/** The stage names defined before `stage`, which later FROMs may build on without a registry image. */
export function isStageReference(parsed: ParsedDockerfile, image: string): boolean {
  return image === 'scratch' || parsed.stages.some((stage) => stage.name !== undefined && stage.name.toLowerCase() === image.toLowerCase())
}

/**
 * The stages a stage builds on, root first, ending with `stage` itself (`FROM app AS runtime`
 * inherits app's USER, EXPOSE and HEALTHCHECK). Cycles cannot occur: a FROM may only name an
 * earlier stage, and only earlier stages are searched.
 */
export function stageChain(parsed: ParsedDockerfile, stage: Stage): Stage[] {
  const chain = [stage]
  let current = stage
  for (;;) {
    const index = parsed.stages.indexOf(current)
    const image = resolvedImage(parsed, current.from).toLowerCase()
    const parent = parsed.stages.slice(0, index).reverse().find((candidate) => candidate.name?.toLowerCase() === image)
    if (!parent) return chain.reverse()
    chain.push(parent)
    current = parent
  }
}

/** Instructions in effect for a stage: its own and those of the stages it builds on, in order. */
export function effectiveInstructions(parsed: ParsedDockerfile, stage: Stage): Instruction[] {
  return stageChain(parsed, stage).flatMap((link) => link.instructions)
}

/** The shell command of a RUN (shell or exec form), with line continuations joined. */
export function runCommand(instruction: Instruction): string {
  return instruction.getArgumentsContent() ?? ''
}

/** The instruction's full source text, flags (`--mount=...`) and continuations included. */
export function instructionSource(parsed: ParsedDockerfile, instruction: Instruction): string {
  const { start, end } = instruction.getRange()
  return parsed.text.split('\n').slice(start.line, end.line + 1).join('\n')
}

/** Instructions of a keyword across all stages, with their stage. */
export function instructionsOf(parsed: ParsedDockerfile, keyword: string): Array<{ stage: Stage; instruction: Instruction }> {
  return parsed.stages.flatMap((stage) =>
    stage.instructions.filter((instruction) => instruction.getKeyword() === keyword).map((instruction) => ({ stage, instruction })),
  )
}
