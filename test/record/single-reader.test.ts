import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = path.join(import.meta.dirname, '..', '..', 'src')

// Names under which modules refer to the record's file name.
const NAMES = /\b(?:RECORD_FILE|MANIFEST_FILE)\b|['"`]\.opsmith\.json['"`]/
// A read of that file: fs reads, the repo view's read, or a parse of text fetched under that name.
const READ = /\b(?:readFile|readFileSync|createReadStream|read|readTextBytes|readBytesAt|open|openSync|parseTree|JSON\.parse)\s*\([^)]*(?:\bRECORD_FILE\b|\bMANIFEST_FILE\b|\.opsmith\.json)/
// Modules that name the file for other reasons (update guards its write with the bytes on disk; it parses nothing).
const ALLOWED = new Map([['update/update.ts', 'reads the bytes only to guard its write of the record (the text comes from projectRecordText)']])

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => path.join(entry.parentPath, entry.name))
}

describe('the project record (.opsmith.json)', () => {
  it('is read only by src/record', () => {
    const readers: string[] = []
    for (const file of sourceFiles(SRC)) {
      const relative = path.relative(SRC, file).split(path.sep).join('/')
      if (relative.startsWith('record/') || ALLOWED.has(relative)) continue
      const text = fs.readFileSync(file, 'utf8')
      if (!NAMES.test(text)) continue
      text.split('\n').forEach((line, index) => {
        if (READ.test(line)) readers.push(`${relative}:${index + 1}: ${line.trim()}`)
      })
    }
    expect(readers).toEqual([])
  })

  it('has its file name defined once', () => {
    const definitions = sourceFiles(SRC).filter((file) => /=\s*['"]\.opsmith\.json['"]/.test(fs.readFileSync(file, 'utf8')))
    expect(definitions.map((file) => path.relative(SRC, file).split(path.sep).join('/'))).toEqual(['record/record.ts'])
  })
})
