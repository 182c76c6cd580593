// Benchmark: `opsmith update` of a generated python-ml project from a local pack (git tags v1.0.0 -> v2.0.0).
// Target (issue 5): under 1 s (copier: 0.7 s locally, 5.5 s remotely). Prints figures; asserts nothing.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { benchmark, formatRow } from './measure.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const bin = path.join(root, 'dist/bin/opsmith.js')
const runs = Number(process.env.BENCH_RUNS ?? 10)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-bench-update-'))
const git = (cwd, ...args) => execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@opsmith.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@opsmith.invalid' } })

// 1. The built-in python-ml pack, laid out as a stand-alone local pack in git, tagged v1.0.0.
const pack = path.join(work, 'pack')
fs.cpSync(path.join(root, 'generators/python-ml'), pack, { recursive: true })
fs.cpSync(path.join(root, 'templates/python-ml'), path.join(pack, 'templates'), { recursive: true })
fs.cpSync(path.join(root, 'images/refs.json'), path.join(pack, 'images/refs.json'))
fs.cpSync(path.join(root, 'generators/shared/questions.js'), path.join(pack, 'shared-questions.js'))
fs.cpSync(path.join(root, 'generators/shared/project-files.js'), path.join(pack, 'shared-project-files.js'))
for (const file of ['project.js', 'model.js', 'shared-questions.js']) {
  const source = fs.readFileSync(path.join(pack, file), 'utf8')
  const flat = source
    .replaceAll('../../templates/python-ml/', 'templates/')
    .replaceAll('../../images/refs.json', './images/refs.json')
    .replaceAll('../shared/questions.js', './shared-questions.js')
    .replaceAll('../shared/project-files.js', './shared-project-files.js')
  fs.writeFileSync(path.join(pack, file), flat)
}
fs.writeFileSync(path.join(pack, 'package.json'), JSON.stringify({ name: 'bench-pack', version: '1.0.0', type: 'module' }))
git(pack, 'init', '-q', '-b', 'main')
git(pack, 'add', '-A')
git(pack, 'commit', '-qm', 'v1')
git(pack, 'tag', 'v1.0.0')

// 2. A project generated from v1 and committed, with an edit of the team's own.
const pinned = `registry.example/opsmith/python@sha256:${'0'.repeat(64)}`
execFileSync(process.execPath, [bin, 'new', path.join(work, 'app'), '--template', pack, '--yes', '--trust', '--base-image', pinned, '--dev-image', pinned], { stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@opsmith.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@opsmith.invalid' } })
const app = path.join(work, 'app')
fs.writeFileSync(path.join(app, 'README.md'), `<!-- Team notes: run \`make test\` before every push. -->\n${fs.readFileSync(path.join(app, 'README.md'), 'utf8')}`)
git(app, 'commit', '-qam', 'team edit')
const before = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: app }).toString().trim()

// 3. The pack moves to v2.0.0 (python-base, which it extends, stays): a managed workflow, the merged README
//    and a new file change.
fs.appendFileSync(path.join(pack, 'templates/project/README.md.hbs'), '\n## Cleaning up\n\n`make clean` removes caches and reports.\n')
fs.appendFileSync(path.join(pack, 'templates/project/.github/workflows/drift.yml.hbs'), '# v2\n')
fs.writeFileSync(path.join(pack, 'templates/project/CODEOWNERS.hbs'), '* @{{owner}}\n')
fs.writeFileSync(path.join(pack, 'package.json'), JSON.stringify({ name: 'bench-pack', version: '2.0.0', type: 'module' }))
git(pack, 'add', '-A')
git(pack, 'commit', '-qm', 'v2')
git(pack, 'tag', 'v2.0.0')

const figures = benchmark({
  runs,
  warmup: 1,
  prepare: () => {
    git(app, 'reset', '-q', '--hard', before)
    git(app, 'clean', '-qfd')
  },
  command: process.execPath,
  args: [bin, 'update', app, '--trust'],
})
const files = execFileSync('git', ['ls-files'], { cwd: app }).toString().trim().split('\n').length
console.log(`python-ml project (${files} files) updated 1.0.0 -> 2.0.0 from a local pack`)
console.log(formatRow('opsmith update', figures))
console.log(`target: under 1000 ms: ${figures.medianMs < 1000 ? 'met' : 'NOT met'}`)
if (process.env.BENCH_KEEP) console.log(`kept: ${work}`)
else fs.rmSync(work, { recursive: true, force: true })
