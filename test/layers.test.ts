import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = path.join(import.meta.dirname, '..', 'src')

// src/ folders from the bottom up: a module imports only from its own folder or from folders below it.
// Root files are the bottom (errors, paths, version, interrupt), except the entry points at the top.
const LAYERS = ['(root)', 'record', 'secrets', 'packs', 'generate', 'conform', 'images', 'update', 'fleet', 'pack-test', 'commands', 'bin', '(entry)']
const ENTRY_POINTS = new Set(['cli.ts', 'index.ts'])

function layerOf(file: string): string {
  const relative = path.relative(SRC, file).split(path.sep)
  if (relative.length === 1) return ENTRY_POINTS.has(relative[0] as string) ? '(entry)' : '(root)'
  return relative[0] as string
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => path.join(entry.parentPath, entry.name))
}

describe('src/ folders', () => {
  it('are all placed in the layer order', () => {
    const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
    expect(folders.filter((folder) => !LAYERS.includes(folder))).toEqual([])
  })

  it('import only downward (or within their folder)', () => {
    const upward: string[] = []
    for (const file of sourceFiles(SRC)) {
      const text = fs.readFileSync(file, 'utf8')
      for (const [, specifier] of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
        const target = path.resolve(path.dirname(file), specifier as string)
        const from = layerOf(file)
        const to = layerOf(target)
        if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) upward.push(`${path.relative(SRC, file)} -> ${specifier} (${from} imports ${to})`)
      }
    }
    expect(upward).toEqual([])
  })
})
