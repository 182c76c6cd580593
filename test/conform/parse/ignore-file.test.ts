import ignore from 'ignore'
import { describe, expect, it } from 'vitest'
import { ignoredProbes } from '../../../src/conform/parse/ignore-file.js'

// ignoredProbes compiles only the patterns that can match one of its probes; it must decide exactly as the
// `ignore` package does with the whole file.
const PROBES = ['.git/', '.env', '.env.local']
const LINES = [
  '.git', '/.git', '.git/', '/.git/', ' .git', '.git ', '.git\\ ', '\\.git', '.gi?', '.g*', '*', '**', '**/', '.*', '/*',
  '.env', '.env/', '/.env', '.env.*', '.env*', '!.env', '!.env.local', '!.env.example', '\\!.env', '!/.env.local', '!.git',
  '.env.local', '.env.local/', '/.env.local/', '.env.[lp]*', '.env.lo[!x]al', '[.]env', '#.env', '# .env', '\\#.env', './.env',
  'a/.env', '.env/a', '**/.env', '**/.env.*', '.git/**', '.git/*', 'node_modules', 'dist', '*.pyc', '', '   ', '\t.env',
  'env', '.en', '.envx', '.env.local.bak', '!*', '!**/.env*', '.git*', '**/.git', 'x/**/.env',
]

function reference(text: string): Set<string> {
  const matcher = ignore().add(text)
  return new Set(PROBES.filter((probe) => matcher.ignores(probe)))
}

describe('ignoredProbes', () => {
  it.each(LINES.map((line) => [line]))('decides %j as the whole file would', (line) => {
    for (const text of [line, `${line}\n`, `.env\n.env.*\n.git\n${line}`, `${line}\n!.env.local`, `!.env\n${line}`]) {
      expect(ignoredProbes(text, PROBES), JSON.stringify(text)).toEqual(reference(text))
    }
  })

  it('decides random files of those lines as the whole file would', () => {
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff)
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: 1 + (next() % 8) }, () => LINES[next() % LINES.length]).join(next() % 5 === 0 ? '\r\n' : '\n')
      expect(ignoredProbes(text, PROBES), JSON.stringify(text)).toEqual(reference(text))
    }
  })

  it('keeps every line for probes below the root', () => {
    const text = 'a/.env\n'
    expect(ignoredProbes(text, ['a/.env'])).toEqual(new Set(['a/.env']))
  })
})
