import { describe, expect, it } from 'vitest'
import { RULES } from '../../src/conform/rules/index.js'
import { checkRule, testdir } from './helpers.js'

const PINNED = `FROM python:3.12-slim@sha256:${'a'.repeat(64)}\n`

// The examples in each rule's docs (SARIF help) are real: where a snippet is a whole Dockerfile or workflow
// fragment, the bad one fails the rule and the good one passes. Placeholders become values that parse.
function asDockerfile(snippet: string): string {
  const text = snippet.replaceAll('<digest>', 'a'.repeat(64)).replaceAll('<sha256>', 'b'.repeat(64))
  return text.startsWith('FROM ') ? `${text}\n` : `${PINNED}${text}\nUSER 65532\n`
}

function asWorkflow(snippet: string): string | undefined {
  if (snippet.includes('{ ... }')) return undefined
  const body = snippet.startsWith('steps:') ? `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    ${snippet.replaceAll('\n', '\n    ')}` : snippet.startsWith('- run:') ? `on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    steps:\n      ${snippet.replaceAll('\n', '\n      ')}` : snippet
  return `${body.includes('permissions:') ? '' : 'permissions: {}\n'}${body.startsWith('on:') || body.includes('\non:') ? '' : 'on: push\n'}${body}\n`
}

const checked = RULES.filter((rule) => ['dockerfile', 'yaml'].includes(rule.docs?.examples?.language ?? '') && (rule.id.startsWith('dockerfile-') || rule.id.startsWith('workflow-') || rule.id.startsWith('gitlab-ci-')))

describe('rule examples', () => {
  it('cover every Dockerfile, workflow and GitLab CI/CD rule', () => {
    expect(checked.length).toBeGreaterThanOrEqual(18)
  })

  it.each(checked.map((rule) => [rule.id, rule] as const))('%s: the bad example fails, the good one passes', async (_id, rule) => {
    const examples = rule.docs!.examples!
    const dockerfile = rule.id.startsWith('dockerfile-')
    const gitlab = rule.id.startsWith('gitlab-ci-')
    const tree = (snippet: string): Record<string, string> => (dockerfile ? { Dockerfile: asDockerfile(snippet) } : gitlab ? { '.gitlab-ci.yml': `${snippet.replaceAll('<digest>', 'a'.repeat(64))}\n` } : { '.github/workflows/ci.yml': asWorkflow(snippet) ?? '' })
    if (!dockerfile && !gitlab && asWorkflow(examples.bad) === undefined) return
    expect((await checkRule(rule, await testdir(tree(examples.bad)))).length, 'bad fails').toBeGreaterThan(0)
    expect(await checkRule(rule, await testdir(tree(examples.good))), 'good passes').toEqual([])
  })
})
