import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import ignore from 'ignore'
import { describe, expect, it } from 'vitest'
import { firstNegatingLine, ignoredProbes, mayMatchAName, negatingLine, rootGitignoreIgnoresAll } from '../../../src/conform/parse/ignore-file.js'
import { testdir } from '../helpers.js'

// ignoredProbes compiles only the patterns that can match one of its probes; it must decide exactly as the
// `ignore` package does with the whole file (case-sensitive, as git and Docker match).
const PROBES = ['.git/', '.env', '.env.local']
const LINES = [
  '.git', '/.git', '.git/', '/.git/', ' .git', '.git ', '.git\\ ', '\\.git', '.gi?', '.g*', '*', '**', '**/', '.*', '/*',
  '.env', '.env/', '/.env', '.env.*', '.env*', '!.env', '!.env.local', '!.env.example', '\\!.env', '!/.env.local', '!.git',
  '.env.local', '.env.local/', '/.env.local/', '.env.[lp]*', '.env.lo[!x]al', '[.]env', '#.env', '# .env', '\\#.env', './.env',
  'a/.env', '.env/a', '**/.env', '**/.env.*', '.git/**', '.git/*', 'node_modules', 'dist', '*.pyc', '', '   ', '\t.env',
  'env', '.en', '.envx', '.env.local.bak', '!*', '!**/.env*', '.git*', '**/.git', 'x/**/.env',
  '.ENV', '.Env.Local', '*.LOCAL', '.GIT/', '!.ENV.local', '*.pem', '*.py[cod]', '.env.[', '.e[nx]v', '.en[]v', '[!a].env', '.env.lo?al',
  '*.env', '*env*', '.*.*', 'local', '*local', '.coverage.*', '*.egg-info/', '# *', '.env.*~', '?env', '??env', '.[e]nv.local',
]

function reference(text: string): Set<string> {
  const matcher = ignore({ ignorecase: false }).add(text)
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

  // The prefilter on the generated .gitignore: of its forty lines, those that can match an env name are compiled.
  it.each([
    ['.env.*', true], ['*.env', true], ['!.env.example', false], ['*.pem', false], ['*.py[cod]', false], ['secrets/', false],
    ['.coverage.*', false], ['# Secrets: .env and its variants', false], ['**/.env', true], ['a\\*', true], ['.e[nx]v', true], ['.en[v', true],
    // Two segments or more besides `**` match only paths as deep.
    ['a/.env', false], ['*/.env', false], ['x/**/.env*', false], ['pat1/**/*.tmp', false], ['/.env/', true], ['**/', true], ['!**/.env.*/**', true],
  ])('keeps %j for the env names: %s', (line, kept) => {
    expect(mayMatchAName(line, ['.env', '.env.local', '.env.production'])).toBe(kept)
  })

  it('keeps every line for probes below the root', () => {
    const text = 'a/.env\n'
    expect(ignoredProbes(text, ['a/.env'])).toEqual(new Set(['a/.env']))
  })
})

// The `!pattern` line a finding points at: the last pattern matching the probe, when it negates.
describe('negatingLine', () => {
  it.each([
    ['.env\n!.env\n', '.env', 2],
    ['!.env\n.env\n', '.env', undefined],
    ['.env*\n!.env.local\nsrc/!.env.local\n', '.env.local', 2],
    ['*\n!*/\n!**/.env*\na/.env.local\n', '.env.local', 3],
    ['.git\n!.git/\n', '.git/', 2],
    ['node_modules\n', '.env', undefined],
  ])('%j, %s: line %s', (text, probe, line) => {
    expect(negatingLine(text, probe)?.line).toBe(line)
  })

  // Each pattern that can match is compiled once: a .gitignore of 100,000 patterns took 9 s of conform.
  it('finds the line in a .gitignore of 100,000 patterns, most of which cannot match', () => {
    const lines = Array.from({ length: 100_000 }, (_, index) => (index % 2 ? `build${index}/**/*.tmp` : '*.log'))
    lines.splice(50_000, 0, '.env*', '!.env.local')
    const found = firstNegatingLine(lines.join('\n'), ['.env', '.env.local'])
    expect(found).toEqual({ line: 50_002, column: 1, endLine: 50_002, endColumn: 12 })
  })
})

// The fast path of Repo.ignoredAmong: whenever it says git ignores every probe, `git check-ignore` itself must agree.
describe('rootGitignoreIgnoresAll', () => {
  const ENV_PROBES = ['.env', '.env.local', '.env.production']
  const GIT_LINES = [
    ...LINES, '.ENV', '.Env*', '.env.LOCAL', '*.production', '.env.[a-z]*', '/.env*', '.env.*\\', '.env\\ ', '*', '!.env.production',
    '.env.local ', '  .env', '.env.pro*', '**/.env.*', '.env.*/', '*.local', '!*.local', '\ufeff.env', '.env.?????', '.env.production/**',
    '.env\t', '.env.*\t', '.env\u00a0', '.env\u2003', '.env.*\r', '\u00e9.env', '.env.local  ',
  ]
  function gitIgnoresAll(dir: string, text: string, probes: string[]): boolean {
    fs.writeFileSync(path.join(dir, '.gitignore'), text)
    try {
      const out = execFileSync('git', ['-c', 'core.ignoreCase=false', 'check-ignore', '--no-index', '--', ...probes], { cwd: dir, encoding: 'utf8' })
      return out.split('\n').filter(Boolean).length === probes.length
    } catch (error) {
      if ((error as { status?: number }).status === 1) return false
      throw error
    }
  }

  it('never says ignored where git does not', async () => {
    const dir = await testdir({})
    execFileSync('git', ['init', '-q'], { cwd: dir })
    let seed = 11
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff)
    const texts = [
      ...GIT_LINES,
      ...GIT_LINES.map((line) => `.env\n.env.*\n${line}`),
      ...GIT_LINES.flatMap((line) => [`x\n${line}\n.env.*`, `${line}\n.env.local\n.env.production`]),
      ...Array.from({ length: 300 }, () => Array.from({ length: 1 + (next() % 6) }, () => GIT_LINES[next() % GIT_LINES.length]).join(next() % 7 === 0 ? '\r\n' : '\n')),
    ]
    let judged = 0
    for (const text of texts) {
      for (const probes of [ENV_PROBES, ['.env'], ['.env.local', '.env.production']]) {
        if (!rootGitignoreIgnoresAll(text, probes)) continue
        judged++
        expect(gitIgnoresAll(dir, text, probes), JSON.stringify({ text, probes })).toBe(true)
      }
    }
    expect(judged).toBeGreaterThan(200)
    // One git per judgement, 200 and more of them: seconds on a machine where starting a process is slow.
  }, 60_000)

  it("settles the env probes for the .gitignore opsmith generates, and leaves what it cannot judge to git", () => {
    const generated = fs.readFileSync(new URL('../../../templates/python-base/project/_gitignore.hbs', import.meta.url), 'utf8')
    expect(rootGitignoreIgnoresAll(generated, ENV_PROBES)).toBe(true)
    expect(rootGitignoreIgnoresAll('.env\r\n.env.*\r\n', ENV_PROBES)).toBe(false)
    expect(rootGitignoreIgnoresAll('.ENV\n.ENV.*\n', ENV_PROBES)).toBe(false)
    expect(rootGitignoreIgnoresAll('.env\n.env.*\n', ['config/.env'])).toBe(false)
    expect(rootGitignoreIgnoresAll('.env\n', ENV_PROBES)).toBe(false)
  })
})
