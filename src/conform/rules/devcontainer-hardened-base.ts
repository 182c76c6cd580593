import path from 'node:path'
import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { locationAt, readDevcontainers, type JsoncLocation, type ParsedDevcontainer } from '../parse/devcontainer.js'
import { lineOf, readDockerfile, readDockerfiles, resolvedImage, stageChain } from '../parse/dockerfile.js'
import { errorPositionWithin, lineOfNode, pairOf, rangeOfNode, readYaml, scalarText } from '../parse/yaml.js'
import type { Node } from 'yaml'
import type { Repo } from '../repo.js'
import type { ProjectRecord } from '../../record/index.js'
import { isDigestPinned } from '../../image-reference.js'


/** Image references (without digest) a dev container may build from: options.images, else the project's answers. */
function allowedBases(options: Record<string, unknown>, record: ProjectRecord | undefined): string[] {
  if (Array.isArray(options.images)) return options.images.map(String)
  const answers = record?.answers ?? {}
  return [answers.devImage, answers.baseImage, answers.debianImage].filter((image): image is string => typeof image === 'string' && image !== '').map((image) => image.replace(/@.*$/, ''))
}

// The image the dev container starts from: `image`; or the registry image under `build.target` (default the last
// stage) of `build.dockerfile`, following FROMs that name earlier stages; or, for a Docker Compose dev container,
// the `image` (or the Dockerfile `build` names) of its `service` in `dockerComposeFile`, the last file that defines
// it winning, as Compose merges them. When it cannot tell, why not, at the key that names nothing (not a claim that
// the file names no image); `null` when the image is not known here (a remote build context, a `${VARIABLE}`).
type Base = { image: string; file: string; at: JsoncLocation; inDockerfile?: boolean } | { problem: string; file: string; at: JsoncLocation } | undefined | null

interface DockerfileBuild {
  /** Where the Dockerfile is: paths joined as Compose and `docker build` join them (see buildFile). */
  path: string[]
  target: string | undefined
  args: Record<string, unknown>
  /** Where the file that asks for this build names the Dockerfile and the target, and what it calls those keys. */
  from: { file: string; dockerfile: JsoncLocation; dockerfileKey: string; target: JsoncLocation; targetKey: string }
}

async function baseOf(repo: Repo, parsed: ParsedDevcontainer): Promise<Base> {
  if (typeof parsed.value.image === 'string') return { image: parsed.value.image, file: parsed.file, at: locationAt(parsed, ['image']) }
  const build = parsed.value.build as { dockerfile?: unknown; target?: unknown; args?: Record<string, unknown> } | undefined
  const dockerfile = typeof build?.dockerfile === 'string' ? build.dockerfile : typeof parsed.value.dockerFile === 'string' ? parsed.value.dockerFile : undefined
  if (dockerfile) {
    const dockerfileKey = typeof build?.dockerfile === 'string' ? ['build', 'dockerfile'] : ['dockerFile']
    return dockerfileBase(repo, {
      path: [path.posix.dirname(parsed.file), dockerfile],
      target: typeof build?.target === 'string' ? build.target : undefined,
      args: build?.args ?? {},
      from: { file: parsed.file, dockerfile: locationAt(parsed, dockerfileKey), dockerfileKey: dockerfileKey.join('.'), target: locationAt(parsed, ['build', 'target']), targetKey: 'build.target' },
    })
  }
  const composeFiles = [parsed.value.dockerComposeFile].flat().filter((file): file is string => typeof file === 'string')
  if (composeFiles.length > 0 && typeof parsed.value.service === 'string') return composeBase(repo, parsed, composeFiles, parsed.value.service)
  return undefined
}

/**
 * The repository path of a build's Dockerfile from `segments` (the file's folder, a context, the Dockerfile), joined
 * as Compose and `docker build` join them: an absolute one starts over. An absolute path inside the repository is
 * read where it is; one outside it is returned as `outside`.
 */
function buildFile(repo: Repo, segments: string[]): { file: string } | { outside: string } {
  const start = segments.findLastIndex((segment) => path.posix.isAbsolute(segment))
  if (start === -1) return { file: path.posix.normalize(path.posix.join(...segments)) }
  const absolute = path.posix.normalize(path.posix.join(...segments.slice(start)))
  for (const root of new Set([repo.root, repo.resolvedRoot()])) {
    const relative = path.relative(root, absolute)
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return { file: relative.split(path.sep).join('/') }
  }
  return { outside: absolute }
}

async function dockerfileBase(repo: Repo, build: DockerfileBuild): Promise<Base> {
  const { from } = build
  const where = buildFile(repo, build.path)
  if ('outside' in where) {
    return { problem: `The dev container builds from \`${where.outside}\`, an absolute path outside the repository: conform cannot check it, and the build works on one machine only. Make \`${from.dockerfileKey}\` (and a build context) relative, naming the Dockerfile of the hardened dev base.`, file: from.file, at: from.dockerfile }
  }
  const { file } = where
  const shared = await readDockerfile(repo, file)
  if (shared === undefined) {
    const problem = repo.has(file) ? `\`${file}\` cannot be read as a Dockerfile` : `\`${file}\` is not in the repository`
    return { problem: `The dev container builds from ${problem}: point \`${from.dockerfileKey}\` at the Dockerfile of the hardened dev base.`, file: from.file, at: from.dockerfile }
  }
  // Build args override the Dockerfile's ARG defaults, as `docker build --build-arg` does (on a copy: the parse is shared).
  const dockerfileParsed = { ...shared, initialArgs: new Map(shared.initialArgs) }
  for (const [name, value] of Object.entries(build.args)) dockerfileParsed.initialArgs.set(name, String(value))
  const target = build.target?.toLowerCase()
  const stage = target === undefined ? dockerfileParsed.stages.at(-1) : dockerfileParsed.stages.find((candidate) => candidate.name?.toLowerCase() === target)
  if (stage === undefined && target !== undefined) {
    return { problem: `\`${from.targetKey}\` is \`${build.target}\`, but ${file} has no stage of that name: the dev container cannot be built. Name a stage of ${file} (\`FROM ... AS <name>\`).`, file: from.file, at: from.target }
  }
  const root = stage ? stageChain(dockerfileParsed, stage)[0] : undefined
  if (!root) return undefined
  const image = resolvedImage(dockerfileParsed, root.from)
  // The same FROM as dockerfile-base-pinned reads it (no build args in the way): that rule already reports it unpinned.
  return { image, file, at: { line: lineOf(root.from) }, inDockerfile: image === resolvedImage(shared, root.from) }
}

async function composeBase(repo: Repo, parsed: ParsedDevcontainer, composeFiles: string[], service: string): Promise<Base> {
  const files = composeFiles.map((file) => path.posix.normalize(path.posix.join(path.posix.dirname(parsed.file), file)))
  const missing = files.filter((file) => !repo.has(file))
  if (missing.length > 0) {
    return { problem: `The dev container's \`dockerComposeFile\` names ${missing.map((file) => `\`${file}\``).join(', ')}, not in the repository: the dev container has no image to check.`, file: parsed.file, at: locationAt(parsed, ['dockerComposeFile']) }
  }
  let definedWithoutImage = false
  for (const file of [...files].reverse()) {
    const compose = await readYaml(repo, file)
    if (compose?.error !== undefined) {
      return { problem: `${file} does not parse (${compose.error}): the dev container's service \`${service}\` cannot be read.`, file, at: errorPositionWithin(compose.text, compose.errorAt) ?? { line: 1 } }
    }
    const definition = compose ? pairOf(pairOf(compose.root, 'services')?.value, service)?.value : undefined
    if (!compose || !definition) continue
    const at = (node: Node | null | undefined): JsoncLocation => (node ? rangeOfNode(compose, node) : { line: lineOfNode(compose, definition) })
    const buildNode = pairOf(definition, 'build')?.value
    if (buildNode) {
      const context = scalarText(buildNode) ?? scalarText(pairOf(buildNode, 'context')?.value) ?? '.'
      // A context of another repository (a URL) or of a variable, or a Dockerfile written inline, is not here to read.
      if (/^[a-z][a-z0-9+.-]*:\/\/|^git@|\$/i.test(context) || pairOf(buildNode, 'dockerfile_inline')) return null
      const dockerfileNode = pairOf(buildNode, 'dockerfile')?.value
      const targetNode = pairOf(buildNode, 'target')?.value
      const value = (compose.value as { services?: Record<string, { build?: { args?: unknown } }> }).services?.[service]?.build
      const args = Array.isArray(value?.args)
        ? Object.fromEntries(value.args.filter((entry): entry is string => typeof entry === 'string' && entry.includes('=')).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]))
        : typeof value?.args === 'object' && value.args !== null ? (value.args as Record<string, unknown>) : {}
      return dockerfileBase(repo, {
        path: [path.posix.dirname(file), context, scalarText(dockerfileNode) ?? 'Dockerfile'],
        target: scalarText(targetNode),
        args,
        from: { file, dockerfile: at(dockerfileNode ?? buildNode), dockerfileKey: `services.${service}.build.dockerfile`, target: at(targetNode), targetKey: `services.${service}.build.target` },
      })
    }
    const imageNode = pairOf(definition, 'image')?.value
    const image = scalarText(imageNode)
    if (image === undefined) {
      definedWithoutImage = true
      continue
    }
    return image.includes('$') ? null : { image, file, at: at(imageNode) }
  }
  const problem = definedWithoutImage ? `names neither an \`image\` nor a \`build\`` : `is not a service of ${files.join(', ')}`
  return { problem: `The dev container runs service \`${service}\`, which ${problem}: the dev container has no image to check.`, file: parsed.file, at: locationAt(parsed, ['service']) }
}

export default defineRule({
  id: 'devcontainer-hardened-base',
  description: 'The dev container is built from the hardened dev base image, pinned by digest',
  severity: 'error',
  refs: ['CIS-4.2', 'CIS-4.1', 'trivy:DS-0001'],
  profile: 'base',
  securitySeverity: 4.2,
  docs: {
    why: 'The dev container should be the same hardened, digest-pinned base the project builds from, so what developers run is what CI scans. The base is `image`, the first registry image of the `build.dockerfile` stage chain up to `build.target`, or, for a Docker Compose dev container, the `image` (or `build` Dockerfile) of its `service` in `dockerComposeFile`. The allowed bases are the `devImage`/`baseImage` answers in .opsmith.json, or option `images: ["ref", ...]`; without either, any digest-pinned image passes.',
    fix: 'Set `"image"` (or the last FROM of `build.dockerfile`) to the hardened dev base `REF@sha256:<digest>`.',
    examples: { language: 'jsonc', bad: '{ "image": "mcr.microsoft.com/devcontainers/python:3.12" }', good: '{ "image": "registry.example.com/platform/python-dev:3.12@sha256:<digest>" }' },
  },
  async check({ repo, options, project }) {
    const findings: RuleFinding[] = []
    const allowed = allowedBases(options, project.record)
    for (const parsed of await readDevcontainers(repo)) {
      const base = await baseOf(repo, parsed)
      if (base === null) continue
      if (!base) {
        findings.push({ file: parsed.file, ...WHOLE_FILE, message: 'The dev container names no image: set `"image"` (or `build.dockerfile`) to the hardened dev base pinned by digest.' })
        continue
      }
      if ('problem' in base) {
        findings.push({ file: base.file, ...base.at, message: base.problem })
        continue
      }
      const reference = base.image.replace(/@.*$/, '')
      if (!isDigestPinned(base.image)) {
        if (base.inDockerfile && (await readDockerfiles(repo)).some((dockerfile) => dockerfile.file === base.file)) continue
        findings.push({ file: base.file, ...base.at, message: `Pin the dev container base \`${base.image}\` to a digest: \`${reference}@sha256:<digest>\`.` })
      } else if (allowed.length > 0 && !allowed.includes(reference)) {
        findings.push({ file: base.file, ...base.at, message: `The dev container builds from \`${reference}\`, not the hardened dev base (${allowed.map((image) => `\`${image}\``).join(' or ')}): switch to it.` })
      }
    }
    return findings
  },
})
