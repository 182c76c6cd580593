import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const TEMPLATES = path.join(import.meta.dirname, '..', '..', 'templates')

// What python-ml and python-llm share lives once, in python-base: no child template repeats a sibling's file
// or its parent's, byte for byte.
function hashFiles(dir: string): Map<string, string> {
  const hashes = new Map<string, string>()
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    hashes.set(path.relative(dir, file).split(path.sep).join('/'), createHash('sha256').update(fs.readFileSync(file)).digest('hex'))
  }
  return hashes
}

function sameContent(a: Map<string, string>, b: Map<string, string>): string[] {
  const byHash = new Map([...b].map(([file, hash]) => [hash, file]))
  return [...a].filter(([, hash]) => byHash.has(hash)).map(([file, hash]) => `${file} = ${byHash.get(hash)}`)
}

describe('built-in Python templates', () => {
  const base = hashFiles(path.join(TEMPLATES, 'python-base', 'project'))
  const ml = hashFiles(path.join(TEMPLATES, 'python-ml', 'project'))
  const llm = hashFiles(path.join(TEMPLATES, 'python-llm', 'project'))

  it('python-ml and python-llm share no file with identical content', () => {
    expect(sameContent(ml, llm)).toEqual([])
  })

  it('neither repeats a file of python-base', () => {
    expect([...sameContent(ml, base), ...sameContent(llm, base)]).toEqual([])
  })

  it('keep the shared Dockerfile, dev container, CI workflow, Makefile and pyproject in python-base only', () => {
    const shared = ['Dockerfile.hbs', '.devcontainer/devcontainer.json.hbs', '.github/workflows/ci.yml.hbs', 'Makefile.hbs', 'pyproject.toml.hbs']
    expect(shared.filter((file) => !base.has(file))).toEqual([])
    expect(shared.filter((file) => ml.has(file) || llm.has(file))).toEqual([])
  })
})
