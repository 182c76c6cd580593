import path from 'node:path'
import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { locationAt, readDevcontainers, type JsoncLocation, type ParsedDevcontainer } from '../parse/devcontainer.js'
import { lineOf, readDockerfile, readDockerfiles, resolvedImage, stageChain } from '../parse/dockerfile.js'
import type { Repo } from '../repo.js'
import type { ProjectRecord } from '../../record/index.js'
import { isDigestPinned } from '../../image-reference.js'


/** Image references (without digest) a dev container may build from: options.images, else the project's answers. */
function allowedBases(options: Record<string, unknown>, record: ProjectRecord | undefined): string[] {
  if (Array.isArray(options.images)) return options.images.map(String)
  const answers = record?.answers ?? {}
  return [answers.devImage, answers.baseImage, answers.debianImage].filter((image): image is string => typeof image === 'string' && image !== '').map((image) => image.replace(/@.*$/, ''))
}

// The image the dev container starts from: `image`, or the registry image under `build.target`
// (default the last stage) of `build.dockerfile`, following FROMs that name earlier stages.
// When it cannot tell, why not: no image named at all, or a `build.dockerfile` or `build.target` that names nothing
// (a finding at that key, not a claim that the file names no image).
type Base = { image: string; file: string; at: JsoncLocation; inDockerfile?: boolean } | { problem: string; at: JsoncLocation } | undefined

async function baseOf(repo: Repo, parsed: ParsedDevcontainer): Promise<Base> {
  if (typeof parsed.value.image === 'string') return { image: parsed.value.image, file: parsed.file, at: locationAt(parsed, ['image']) }
  const build = parsed.value.build as { dockerfile?: unknown; target?: unknown; args?: Record<string, unknown> } | undefined
  const dockerfile = typeof build?.dockerfile === 'string' ? build.dockerfile : typeof parsed.value.dockerFile === 'string' ? parsed.value.dockerFile : undefined
  if (!dockerfile) return undefined
  const file = path.posix.normalize(path.posix.join(path.posix.dirname(parsed.file), dockerfile))
  const shared = await readDockerfile(repo, file)
  const dockerfileKey = typeof build?.dockerfile === 'string' ? ['build', 'dockerfile'] : ['dockerFile']
  if (shared === undefined) {
    const problem = repo.has(file) ? `\`${file}\` cannot be read as a Dockerfile` : `\`${file}\` is not in the repository`
    return { problem: `The dev container builds from ${problem}: point \`${dockerfileKey.join('.')}\` at the Dockerfile of the hardened dev base.`, at: locationAt(parsed, dockerfileKey) }
  }
  // `build.args` override the Dockerfile's ARG defaults, as `docker build --build-arg` does (on a copy: the parse is shared).
  const dockerfileParsed = { ...shared, initialArgs: new Map(shared.initialArgs) }
  for (const [name, value] of Object.entries(build?.args ?? {})) dockerfileParsed.initialArgs.set(name, String(value))
  const target = typeof build?.target === 'string' ? build.target.toLowerCase() : undefined
  const stage = target === undefined ? dockerfileParsed.stages.at(-1) : dockerfileParsed.stages.find((candidate) => candidate.name?.toLowerCase() === target)
  if (stage === undefined && target !== undefined) {
    return { problem: `\`build.target\` is \`${String(build?.target)}\`, but ${file} has no stage of that name: the dev container cannot be built. Name a stage of ${file} (\`FROM ... AS <name>\`).`, at: locationAt(parsed, ['build', 'target']) }
  }
  const root = stage ? stageChain(dockerfileParsed, stage)[0] : undefined
  if (!root) return undefined
  const image = resolvedImage(dockerfileParsed, root.from)
  // The same FROM as dockerfile-base-pinned reads it (no build.args in the way): that rule already reports it unpinned.
  return { image, file, at: { line: lineOf(root.from) }, inDockerfile: image === resolvedImage(shared, root.from) }
}

export default defineRule({
  id: 'devcontainer-hardened-base',
  description: 'The dev container is built from the hardened dev base image, pinned by digest',
  severity: 'error',
  refs: ['CIS-4.2', 'CIS-4.1', 'trivy:DS-0001'],
  profile: 'base',
  securitySeverity: 4.2,
  docs: {
    why: 'The dev container should be the same hardened, digest-pinned base the project builds from, so what developers run is what CI scans. The allowed bases are the `devImage`/`baseImage` answers in .opsmith.json, or option `images: ["ref", ...]`; without either, any digest-pinned image passes.',
    fix: 'Set `"image"` (or the last FROM of `build.dockerfile`) to the hardened dev base `REF@sha256:<digest>`.',
    examples: { language: 'jsonc', bad: '{ "image": "mcr.microsoft.com/devcontainers/python:3.12" }', good: '{ "image": "registry.example.com/platform/python-dev:3.12@sha256:<digest>" }' },
  },
  async check({ repo, options, project }) {
    const findings: RuleFinding[] = []
    const allowed = allowedBases(options, project.record)
    for (const parsed of await readDevcontainers(repo)) {
      const base = await baseOf(repo, parsed)
      if (!base) {
        findings.push({ file: parsed.file, ...WHOLE_FILE, message: 'The dev container names no image: set `"image"` (or `build.dockerfile`) to the hardened dev base pinned by digest.' })
        continue
      }
      if ('problem' in base) {
        findings.push({ file: parsed.file, ...base.at, message: base.problem })
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
