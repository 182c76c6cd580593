import { isMap, isScalar, isSeq, type Node } from 'yaml'
import { defineRule, type RuleFinding } from '../rule.js'
import { readGitlabCi } from '../parse/gitlab-ci.js'
import { itemsOf, pairOf, pairsOf, rangeOfNode, scalarText, type ParsedYaml } from '../parse/yaml.js'
import { isDigestPinned } from '../../image-reference.js'

const COMMIT_SHA = /^[0-9a-f]{40}$/
// GitLab's `integrity:` for a remote include: a Subresource Integrity hash (sha256, base64).
const INTEGRITY = /^sha256-[A-Za-z0-9+/]{43}=$/

// Keys that take an `image` or `services` at the top of the file: `default`, and every job (hidden `.templates`
// too: a job that extends one runs its image). The other global keywords never hold one.
const NOT_JOBS = new Set(['include', 'stages', 'variables', 'workflow', 'cache', 'before_script', 'after_script', 'types', 'spec'])

// `image: name` or `image: { name: ... }`; the same for each `services` item. A name built from variables is left
// alone: its value is set elsewhere (a CI/CD variable, the pipeline's inputs).
function checkImage(file: ParsedYaml, node: Node | null | undefined, what: string, findings: RuleFinding[]): void {
  const nameNode = isMap(node) ? pairOf(node, 'name')?.value : node
  const image = scalarText(nameNode)
  if (!nameNode || image === undefined || image.includes('$') || isDigestPinned(image)) return
  findings.push({ ...at(file, nameNode), message: `Pin the ${what} \`${image}\` to a digest (\`${image.replace(/@.*$/, '')}@sha256:<digest>\`): a tag can be pushed again with other contents.` })
}

function checkJob(file: ParsedYaml, id: string, job: Node | null | undefined, findings: RuleFinding[]): void {
  if (!isMap(job)) return
  checkImage(file, pairOf(job, 'image')?.value, `image of ${id}`, findings)
  for (const service of itemsOf(pairOf(job, 'services')?.value)) checkImage(file, service, `service of ${id}`, findings)
}

// `include:` is one entry or a list; an entry is a string (a local path, or a remote URL) or a map with one of
// local / project / remote / template / component.
function checkInclude(file: ParsedYaml, entry: Node, findings: RuleFinding[]): void {
  if (isScalar(entry)) {
    const target = scalarText(entry) ?? ''
    if (/^https?:\/\//i.test(target)) findings.push({ ...at(file, entry), message: `The remote include \`${target}\` can change under this pipeline: write it as \`- remote: ${target}\` with \`integrity: sha256-<base64>\`, or copy the file into the repository.` })
    return
  }
  if (!isMap(entry)) return
  const project = pairOf(entry, 'project')
  const remote = pairOf(entry, 'remote')
  const component = pairOf(entry, 'component')
  if (project) {
    const ref = pairOf(entry, 'ref')
    const value = scalarText(ref?.value)
    const name = scalarText(project.value) ?? ''
    if (value !== undefined && (COMMIT_SHA.test(value) || value.includes('$'))) return
    const where = ref?.value ?? (project.key as Node)
    findings.push({ ...at(file, where), message: value === undefined ? `The include of project \`${name}\` has no \`ref:\`, so it follows that project's default branch: pin it to a full 40-character commit SHA (\`ref: <sha>  # vX.Y.Z\`).` : `The include of project \`${name}\` follows \`ref: ${value}\`, which can be moved: pin it to a full 40-character commit SHA (\`ref: <sha>  # ${value}\`).` })
  } else if (remote) {
    const integrity = scalarText(pairOf(entry, 'integrity')?.value)
    if (integrity !== undefined && INTEGRITY.test(integrity)) return
    const target = scalarText(remote.value) ?? ''
    findings.push({ ...at(file, remote.value ?? (remote.key as Node)), message: `The remote include \`${target}\` has no \`integrity: sha256-<base64>\`, so whoever serves it decides what this pipeline runs: add the hash (GitLab 17.9+) or copy the file into the repository.` })
  } else if (component) {
    const target = scalarText(component.value) ?? ''
    const version = target.includes('@') ? target.slice(target.lastIndexOf('@') + 1) : ''
    if (COMMIT_SHA.test(version) || version.includes('$')) return
    findings.push({ ...at(file, component.value ?? (component.key as Node)), message: `The component \`${target}\` is ${version === '' ? 'not pinned' : `pinned to \`${version}\`, which can be moved`}: pin it to a full 40-character commit SHA (\`${target.replace(/@.*$/, '')}@<sha>\`).` })
  }
}

export default defineRule({
  id: 'gitlab-ci-pinned',
  description: 'GitLab CI/CD images and services are pinned by digest; project, remote and component includes to a commit or a hash',
  severity: 'error',
  refs: ['scorecard:Pinned-Dependencies', 'GitLab:include-integrity'],
  profile: 'base',
  securitySeverity: 7.8,
  docs: {
    why: 'A pipeline runs what its images and includes hold when it starts, with the project\'s CI/CD variables in reach: a tag (`python:3.12`, `ref: v1`, `component@1.0.0`) or a URL can be pointed at other contents by whoever controls it. Images and services (top level, `default` and every job) need a digest; `include: project` a `ref` that is a commit SHA; `include: remote` an `integrity` hash; a CI/CD component a commit SHA after `@`. Local includes and GitLab\'s own `template:` includes ship with the repository or the instance; names built from `$VARIABLES` are set elsewhere and left alone.',
    fix: 'Pin each image by digest (keep the tag for reading: `python:3.12-slim@sha256:<digest>`; Renovate\'s gitlabci manager keeps both current), each project include and component to a commit SHA with the version as a comment, and give each remote include `integrity: sha256-<base64>`.',
    examples: {
      language: 'yaml',
      bad: 'test:\n  image: python:3.12-slim\n  script: [pytest]',
      good: 'test:\n  image: python:3.12-slim@sha256:<digest>\n  script: [pytest]',
    },
  },
  async check({ repo }) {
    const file = await readGitlabCi(repo)
    if (!file || !isMap(file.root)) return []
    const findings: RuleFinding[] = []
    checkJob(file, 'the pipeline', file.root, findings)
    for (const pair of pairsOf(file.root)) {
      const key = scalarText(pair.key)
      if (key === undefined || NOT_JOBS.has(key) || key === 'image' || key === 'services') continue
      checkJob(file, key === 'default' ? 'default' : `job ${key}`, pair.value, findings)
    }
    const include = pairOf(file.root, 'include')?.value
    for (const entry of isSeq(include) ? itemsOf(include) : include ? [include] : []) checkInclude(file, entry, findings)
    return findings
  },
})

function at(file: ParsedYaml, node: Node): Pick<RuleFinding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'> {
  return { file: file.file, ...rangeOfNode(file, node) }
}
