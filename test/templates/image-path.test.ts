import path from 'node:path'
import { execa } from 'execa'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import { addModelVersion, generateProject } from '../../src/generate/index.js'
import { readPinnedBase, rebaseDockerfile } from '../../src/images/base.js'
import { readTree, testdir } from '../helpers/testdir.js'
import { workflowProblems } from './quality-checks.js'
import type { WorkflowStep } from './workflows.js'

// A generated project's image path from defaults: the Debian digest where Dependabot updates it, one CI job
// that trains, builds, verifies and scans the same image, and a base that can still be swapped offline.

// The FROM lines dependabot-core's docker file parser reads: `FROM [--platform=..] [registry/]image[:tag][@digest] [AS name]`.
const DEPENDABOT_FROM = /^FROM\s+(?:--platform=\S+\s+)?(?:[\w.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[\w][\w.-]*)?@sha256:[a-f0-9]{64}(?:\s+AS\s+[\w-]+)?\s*$/im

async function generate(template: string, set: Record<string, string> = {}): Promise<{ dir: string; tree: Record<string, string> }> {
  const cwd = await testdir()
  await generateProject({ cwd, targetDir: 'app', template, useDefaults: true, git: false, set })
  const dir = path.join(cwd, 'app')
  return { dir, tree: await readTree(dir) }
}

interface Job {
  name?: string
  permissions?: Record<string, string>
  steps: WorkflowStep[]
}

function jobsOf(content: string): Record<string, Job> {
  return (parseYaml(content) as { jobs: Record<string, Job> }).jobs
}

describe.each(['python-ml', 'python-llm'])('%s generated with defaults', (template) => {
  it('pins its Debian image in a FROM line Dependabot updates, which every stage builds from', async () => {
    const { dir, tree } = await generate(template)
    const dockerfile = tree['Dockerfile'] as string
    const record = JSON.parse(tree['.opsmith.json'] as string) as { answers: { debianImage: string } }
    const pinned = DEPENDABOT_FROM.exec(dockerfile)?.[0]
    expect(pinned?.trim()).toBe(`FROM ${record.answers.debianImage} AS debian`)
    expect(dockerfile).not.toMatch(/^ARG\s+\w+=\S*@sha256:/m)
    expect(dockerfile).toContain('ARG DEBIAN_IMAGE=debian\n')
    expect(dockerfile).toContain('FROM ${DEBIAN_IMAGE} AS dev\n')
    expect(tree['.github/dependabot.yml']).toMatch(/package-ecosystem: docker\n\s+directory: \/\n/)
    expect(await readPinnedBase(dir)).toBe(record.answers.debianImage)
    // opsmith's builds (the engine's classic builder runs every stage) rebase the pinned stage itself.
    const rebased = await rebaseDockerfile(dir, 'opsmith/debian:bookworm')
    expect(rebased).toBe(dockerfile.replace(`FROM ${record.answers.debianImage} AS debian`, 'FROM opsmith/debian:bookworm AS debian'))
  })

  it('`make image DEBIAN_IMAGE=...` builds the debian stage FROM that image', async () => {
    const { dir, tree } = await generate(template)
    const dry = await execa('make', ['-n', 'image', 'DEBIAN_IMAGE=opsmith/debian:bookworm', 'IMAGE=app:test'], { cwd: dir })
    const [rewrite, build] = dry.stdout.trim().split(' | ')
    expect(build).toBe('docker build --file - --tag app:test .')
    const { stdout } = await execa('sh', ['-c', rewrite as string], { cwd: dir, stripFinalNewline: false })
    expect(stdout).toBe((await rebaseDockerfile(dir, 'opsmith/debian:bookworm')) as string)
    expect(stdout).not.toBe(tree['Dockerfile'])
    expect((await execa('make', ['-n', 'image', 'IMAGE=app:test'], { cwd: dir })).stdout.trim()).toBe('docker build --tag app:test .')
  })

  for (const codeScanning of ['true', 'false']) {
    it(`CI ${template === 'python-ml' ? 'trains, ' : ''}builds, verifies and scans one image in one job (codeScanning=${codeScanning})`, async () => {
      const { tree } = await generate(template, { codeScanning })
      expect(await workflowProblems(tree)).toEqual([])
      const image = jobsOf(tree['.github/workflows/ci.yml'] as string).image as Job
      const order = image.steps
        .map((step) => {
          if (step.run === 'make train') return 'train'
          if (step.run?.startsWith('make image IMAGE=app:ci')) return 'build'
          if (step.run?.includes('opsmith image verify app:ci')) return 'verify'
          if (step.uses?.startsWith('aquasecurity/trivy-action@') && step.with?.['image-ref'] === 'app:ci') return 'scan'
          return undefined
        })
        .filter(Boolean)
      expect(order).toEqual(template === 'python-ml' ? ['train', 'build', 'verify', 'scan'] : ['build', 'verify', 'scan'])
      expect(image.permissions?.['security-events']).toBe(codeScanning === 'true' ? 'write' : undefined)
      const uploads = image.steps.filter((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@')).length
      expect(uploads).toBe(codeScanning === 'true' ? 1 : 0)
      // security.yml scans the repository; it builds no image of its own.
      const security = tree['.github/workflows/security.yml'] as string
      expect(security).not.toMatch(/docker build|scan-type: image|make train/)
      expect(security).toContain('scan-type: config')
    })
  }
})

describe('opsmith add model in a python-ml project', () => {
  it('names the training config of the new model, which a second model needs of its own', async () => {
    const { dir } = await generate('python-ml')
    const second = await addModelVersion({ projectDir: dir, name: 'churn' })
    expect(second.trainConfig).toEqual({ file: 'config/train.churn.yaml', exists: false })
    const first = await addModelVersion({ projectDir: dir, name: 'classifier' })
    expect(first.trainConfig).toEqual({ file: 'config/train.yaml', exists: true })
  })

  it('says so on success: copy config/train.yaml, then make train MODEL=<name>', async () => {
    const { dir } = await generate('python-ml')
    const bin = path.resolve(import.meta.dirname, '../../dist/bin/opsmith.js')
    const added = await execa('node', [bin, 'add', 'model', 'churn'], { cwd: dir })
    expect(added.stdout).toContain('config/train.churn.yaml')
    expect(added.stdout).toContain('`make train MODEL=churn VERSION=0.1.0`')
  })
})
