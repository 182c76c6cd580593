import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { runConform } from '../../src/conform/index.js'
import { generateProject } from '../../src/generate/index.js'
import { readTree, testdir } from '../helpers/testdir.js'
import { hasYamllint, requireTools, runYamllint, secretProblems, type Tree } from './quality-checks.js'

// The `ci` answer of python-ml and python-llm: `gitlab` writes .gitlab-ci.yml instead of .github/, `both` writes
// both; the pipeline has the GitHub workflows' jobs, every image pinned by digest, reports as GitLab artifacts.
const PINNED = /^[a-z0-9][a-z0-9._/:-]*@sha256:[a-f0-9]{64}$/
const GLOBAL_KEYS = new Set(['stages', 'workflow', 'variables'])

interface GitlabJob {
  image?: string | { name: string }
  services?: Array<string | { name: string }>
  script?: string[]
  rules?: Array<{ if?: string; when?: string }>
  artifacts?: { reports?: Record<string, unknown>; paths?: string[] }
  extends?: string | string[]
  variables?: Record<string, string>
  allow_failure?: boolean
}

async function render(template: string, ci: string): Promise<{ dir: string; tree: Tree }> {
  const cwd = await testdir()
  await generateProject({ cwd, targetDir: 'project', template, useDefaults: true, git: false, set: { ci } })
  const dir = path.join(cwd, 'project')
  return { dir, tree: await readTree(dir) }
}

function jobsOf(tree: Tree): Record<string, GitlabJob> {
  const pipeline = parseYaml(tree['.gitlab-ci.yml'] as string) as Record<string, GitlabJob>
  return Object.fromEntries(Object.entries(pipeline).filter(([key]) => !GLOBAL_KEYS.has(key)))
}

function imagesOf(jobs: Record<string, GitlabJob>): string[] {
  return Object.values(jobs).flatMap((job) => [
    ...(job.image ? [typeof job.image === 'string' ? job.image : job.image.name] : []),
    ...(job.services ?? []).map((service) => (typeof service === 'string' ? service : service.name)),
  ])
}

describe('the ci question', () => {
  it('defaults to github: no .gitlab-ci.yml, the answer recorded', async () => {
    const { tree } = await render('python-ml', 'github')
    expect(Object.keys(tree)).not.toContain('.gitlab-ci.yml')
    expect(Object.keys(tree)).toContain('.github/workflows/ci.yml')
    expect((JSON.parse(tree['.opsmith.json'] as string) as { answers: Record<string, unknown> }).answers.ci).toBe('github')
    expect(Object.values(tree).filter((text) => text.includes('.gitlab-ci.yml'))).toEqual([])
    expect(tree['.gitignore']).not.toContain('junit.xml')
  })

  it('refuses an unknown CI system', async () => {
    await expect(render('python-ml', 'jenkins')).rejects.toThrow(/ci/)
  })
})

describe.each([
  { template: 'python-ml', ci: 'gitlab', extra: [] as string[], drift: 'champion' },
  { template: 'python-llm', ci: 'gitlab', extra: ['redteam', 'eval'], drift: 'release' },
  { template: 'python-ml', ci: 'both', extra: [] as string[], drift: 'champion' },
  { template: 'python-llm', ci: 'both', extra: ['redteam', 'eval'], drift: 'release' },
])('$template with ci=$ci', ({ template, ci, extra, drift }) => {
  let dir = ''
  let tree: Tree = {}
  let jobs: Record<string, GitlabJob> = {}
  beforeAll(async () => {
    ;({ dir, tree } = await render(template, ci))
    jobs = jobsOf(tree)
  })

  it('writes .gitlab-ci.yml, and .github/ (workflows, dependabot) only with both', () => {
    const files = Object.keys(tree)
    expect(files).toContain('.gitlab-ci.yml')
    const github = files.filter((file) => file.startsWith('.github/'))
    if (ci === 'gitlab') expect(github).toEqual([])
    else expect(github).toEqual(expect.arrayContaining(['.github/dependabot.yml', '.github/workflows/ci.yml', '.github/workflows/security.yml']))
    expect((JSON.parse(tree['.opsmith.json'] as string) as { answers: Record<string, unknown> }).answers.ci).toBe(ci)
  })

  it('has the GitHub workflows\' jobs', () => {
    const visible = Object.keys(jobs).filter((id) => !id.startsWith('.'))
    expect(visible).toEqual(['lint', 'typecheck', 'test', ...extra, 'build-image', 'secret-detection', 'sast', 'dependency-scanning', 'dockerfile-lint', 'config-scanning', 'container-scanning', 'conform', 'drift'])
    expect(jobs.lint?.script).toEqual(['make lint'])
    expect(jobs.typecheck?.script).toEqual(['make typecheck'])
    expect(jobs.test?.script).toEqual(['make test'])
    if (extra.includes('redteam')) expect(jobs.redteam?.script).toEqual(['make redteam'])
    // python-ml's serving image ships the champion's artifact: the image job trains first.
    expect(jobs['build-image']?.script?.includes('make train')).toBe(template === 'python-ml')
  })

  it('reports tests, coverage, scans and conform as GitLab report artifacts', () => {
    expect(jobs.test?.artifacts?.reports).toEqual({ junit: 'junit.xml', coverage_report: { coverage_format: 'cobertura', path: 'coverage.xml' } })
    expect(jobs['sast']?.artifacts?.reports).toHaveProperty('codequality')
    expect(jobs['dependency-scanning']?.artifacts?.reports).toHaveProperty('cyclonedx')
    expect(jobs['container-scanning']?.artifacts?.reports).toHaveProperty('container_scanning')
    expect(jobs['secret-detection']?.artifacts?.reports).toHaveProperty('junit')
    expect(jobs.conform?.artifacts?.reports).toEqual({ codequality: 'gl-code-quality-report.json' })
    expect(jobs.conform?.script?.join('\n')).toMatch(/opsmith conform --format gitlab --output gl-code-quality-report\.json/)
  })

  it('runs drift in scheduled pipelines only, and the change jobs not in them', () => {
    expect(jobs.drift?.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule"' }])
    expect(jobs.drift?.script).toEqual([`make drift DRIFT_ARGS=--skip-if-no-${drift}`])
    expect(jobs['.on-change']?.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE != "schedule"' }])
  })

  it('pins every image by digest, the Python jobs on the Dockerfile\'s Debian image', () => {
    const images = imagesOf(jobs)
    expect(images.length).toBeGreaterThan(4)
    for (const image of images) expect(image).toMatch(PINNED)
    expect(tree['.gitlab-ci.yml']).not.toMatch(/:latest\b/)
    const debian = /^FROM (\S+) AS debian$/m.exec(tree['Dockerfile'] as string)?.[1]
    expect(debian).toMatch(PINNED)
    expect(jobs['.python']?.image).toBe(debian)
  })

  it('keeps secrets out: no secret-like variable, no secret-like string, no job allowed to fail', async () => {
    const variables = Object.values(jobs).flatMap((job) => Object.keys(job.variables ?? {}))
    const pipelineVariables = Object.keys((parseYaml(tree['.gitlab-ci.yml'] as string) as { variables: object }).variables)
    for (const name of [...variables, ...pipelineVariables]) expect(name).not.toMatch(/TOKEN|PASSWORD|SECRET|API_KEY|WEBHOOK/)
    expect(await secretProblems({ '.gitlab-ci.yml': tree['.gitlab-ci.yml'] as string })).toEqual([])
    expect(Object.values(jobs).filter((job) => job.allow_failure)).toEqual([])
    expect(tree['.gitlab-ci.yml']).not.toContain('{{')
  })

  it('names .gitlab-ci.yml where docs and comments name the CI; .github/ only with both', () => {
    // Everything but the pipeline and the recorded hashes: a ci=gitlab tree points nowhere into .github/.
    // Eval sets are attack data: an injection text may name any path, .github/ included.
    const texts = Object.entries(tree).filter(([file]) => !file.startsWith('.github/') && !file.startsWith('evals/') && file !== '.opsmith.json')
    const mentions = texts.filter(([, text]) => text.includes('.github/workflows')).map(([file]) => file)
    if (ci === 'gitlab') expect(texts.filter(([, text]) => text.includes('.github')).map(([file]) => file)).toEqual([])
    else expect(mentions).toEqual(expect.arrayContaining(['Makefile', 'README.md', '.gitleaks.toml', 'config/drift.yaml']))
    expect(tree.Makefile).toMatch(/^# Tasks, run locally and by CI \(.*\.gitlab-ci\.yml's jobs call exactly these targets\)/)
    expect(tree['.gitleaks.toml']).toContain('secret-detection job of .gitlab-ci.yml')
    expect(tree['config/drift.yaml']).toContain(".gitlab-ci.yml's drift job")
    expect(tree['README.md']).toContain('[.gitlab-ci.yml](.gitlab-ci.yml)')
    if (template === 'python-llm' && ci === 'gitlab') expect(tree['docs/operations.md']).toMatch(/The drift job of the GitLab pipeline includes one secret, DRIFT_WEBHOOK_URL/)
    for (const [, text] of texts) expect(text).not.toContain('{{')
  })

  it('ignores the pipeline\'s local reports (JUnit, coverage, Code Quality, the saved image)', () => {
    const ignored = (tree['.gitignore'] as string).split('\n')
    expect(ignored).toEqual(expect.arrayContaining(['junit.xml', 'coverage.xml', 'gl-*.json', 'gl-*.xml', 'image.tar']))
  })

  it('passes opsmith conform as generated', async () => {
    const result = await runConform({ dir })
    expect(result.findings.map((f) => `${f.file ?? ''}:${f.line ?? ''} ${f.rule} ${f.message}`)).toEqual([])
  })

  it.skipIf(!hasYamllint && !requireTools)('YAML passes yamllint (the project config, and relaxed)', async () => {
    await runYamllint(dir)
  })
})
