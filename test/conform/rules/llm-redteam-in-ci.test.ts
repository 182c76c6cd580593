import rule from '../../../src/conform/rules/llm-redteam-in-ci.js'
import { ruleTester } from '../helpers.js'
import { LLM_MANIFEST, llmProject, without } from '../llm-fixtures.js'

const CI = '.github/workflows/ci.yml'
const SUITE = 'tests/redteam/test_injection.py'
const job = (name: string, run: string, extra = '') => `  ${name}:\n    runs-on: ubuntu-24.04\n${extra}    steps:\n      - run: ${run}\n`
const workflow = (on: string, jobs: string) => `name: ci\non: ${on}\njobs:\n${jobs}`
// GitLab CI/CD: a push / merge request job (rules inherited through extends), or one of scheduled pipelines only.
const GITLAB = '.on-change:\n  rules:\n    - if: $CI_PIPELINE_SOURCE != "schedule"\nredteam:\n  extends: .on-change\n  script:\n    - make redteam\n'
const gitlabOnly = (gitlab: string) => ({ ...without(llmProject(), CI), '.gitlab-ci.yml': gitlab })

ruleTester(rule, {
  valid: [
    { name: 'a redteam job on push and pull_request', files: llmProject() },
    { name: 'not an LLM project', files: { [CI]: workflow('push', job('test', 'make test')) } },
    { name: 'a differently named job running make redteam', files: llmProject({ [CI]: workflow('pull_request', job('guardrails', 'make -k redteam')) }) },
    { name: 'a job running pytest on tests/redteam', files: llmProject({ [CI]: workflow('{ push: { branches: [main] } }', job('security-tests', 'python3 -m pytest -q tests/redteam')) }) },
    { name: 'a GitLab redteam job of the change pipeline', files: gitlabOnly(GITLAB) },
    { name: 'a job named Red team', files: llmProject({ [CI]: workflow('push', job('checks', 'make check', '    name: Red team\n')) }) },
  ],
  invalid: [
    { name: 'no red-team job', files: llmProject({ [CI]: workflow('[push, pull_request]', job('test', 'make test')) }), errors: [{ file: CI, line: 1, message: /^No workflow run on push or pull_request .*\.github\/workflows\/ci\.yml/ }] },
    {
      name: 'red team only on a schedule',
      files: llmProject({ [CI]: workflow('push', job('test', 'make test')), '.github/workflows/nightly.yml': workflow('{ schedule: [{ cron: "0 3 * * *" }] }', job('redteam', 'make redteam')) }),
      errors: [{ file: CI, line: 1 }],
    },
    {
      name: 'a GitLab redteam job of scheduled pipelines only',
      files: gitlabOnly(GITLAB.replace('!=', '==')),
      errors: [{ file: '.gitlab-ci.yml', line: 1, message: /^No job of \.gitlab-ci\.yml that runs on push or merge requests is a red-team job: add a job `redteam`/ }],
    },
    { name: 'a GitLab redteam job allowed to fail', files: gitlabOnly(`${GITLAB}  allow_failure: true\n`), errors: [{ file: '.gitlab-ci.yml', line: 4 }] },
    { name: 'no workflows in a python-llm project', files: { '.opsmith.json': LLM_MANIFEST }, errors: [{ file: CI, line: 1 }] },
    {
      name: 'a red-team job allowed to fail',
      files: llmProject({ [CI]: workflow('push', job('redteam', 'make redteam', '    continue-on-error: true\n')) }),
      errors: [{ file: CI, line: 6 }],
    },
    { name: 'a red-team job with no suite to run', files: without(llmProject(), SUITE), errors: [{ file: CI, line: 8 }] },
  ],
})
