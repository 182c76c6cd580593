import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { globSync } from 'tinyglobby'
import { parseDocument } from 'yaml'
import { describe, expect, it } from 'vitest'
import { generateProject } from '../../../src/generate/index.js'
import { parseYaml } from '../../../src/conform/parse/yaml.js'
import { compareWithYaml } from './yaml-differential.js'

// The fast YAML path must give exactly what yaml's parseDocument gives (value, every node's class, range and
// scalar), or leave the text to yaml. Each text below exercises one shape, one yaml error, or one thing the fast
// path deliberately turns away.
const CASES: Record<string, string> = {
  simple: 'a: 1\nb: two\n',
  scalars: 'i: 12\nneg: -3\noct: 0o17\nhex: 0x1F\nlead0: 012\nfloat: 1.50\nexp: 1e3\ninf: -.inf\nnan: .NaN\nt: true\nT: True\nyes: yes\nno: no\nnull1: ~\nnull2: null\nNull: Null\ndate: 2024-01-01\nts: 2024-01-01T10:00:00Z\nunder: 1_000\nbin: 0b101\nsexa: 1:20\nplus: +12\ndot: .5\nver: 1.10\non: push\noff: off\n',
  keys: '1: one\n1.0: again\ntrue: t\n~: n\nnull: nn\n"quoted key": q\n\'single\': s\n',
  merge: 'base: &b {a: 1}\nx:\n  <<: *b\n',
  mergePlain: '<<: 1\n',
  proto: '__proto__: x\n',
  comments: '# head\n---\n# c\na: 1 # c\n\n  # indented\nb:\n  c: 2\n    # more\n  # same\n# top\nd: 3\n',
  emptyValues: 'on:\n  push:\n  workflow_dispatch:\n\n# top\njobs:\n  a:\n    # c\n\n  b:\n    x: 1\n',
  emptySplice: 'a:\n  k:\n\n\n  l: 1\n  m:\n    # deep\n\n  n: 2\n  o:   # c\n\n  p: 3\nq:\n',
  seqs: 'a:\n- x\n- y\nb:\n  - - n\n    - m\n  - k: v\n    l: w\n\n  # between\n  - z\n',
  flows: 'a: [x, "y", 1]  # c\nb: { k: 1, l: [2] }\nc: []\nd: {}\ne: [ a , b ]\nf: {a: 1,}\n',
  flowMulti: 'a: [\n  x,\n  y\n]\n',
  blocks: 'a: |\n  lit\n  more\n\nb: >-\n  fold\n  ed\n\n  para\nc: |+\n  keep\n\n\nd: |2\n    explicit\ne: >\n  x\n    more indented\n  y\nf: |\n  t\n   \n    \ng: x\n',
  blockEof: 'a: |\n  x\n  y',
  blockEofBlank: 'a: |-\n  x\n\n\n',
  blockLeadingBlank: 'a: |\n\n  x\n',
  blockMoreIndentedLeading: 'a: |\n      \n  x\n',
  quotes: 'a: "esc \\" \\\\ \\n \\t"\nb: \'it\'\'s\'\nc: "\\u00e9\\x41"\nd: "multi\n  line"\ne: \'multi\n  line\'\n',
  plainMulti: 'a: one\n  two\n  three\nb: x\n',
  tags: 'a: !!str 1\nb: !custom x\nc: !cancelled()\n',
  anchors: 'a: &x 1\nb: *x\n',
  explicitKey: '? a\n: 1\n',
  multiDoc: 'a: 1\n---\nb: 2\n',
  docEnd: 'a: 1\n...\n',
  directive: '%YAML 1.2\n---\na: 1\n',
  scalarRoot: 'just a string\n',
  emptyDoc: '# only a comment\n',
  seqRoot: '- a\n- b: 1\n  c: 2\n-   d\n',
  crlf: 'a: 1\r\nb: 2\r\n',
  tabIndent: 'a:\n\tb: 1\n',
  tabInBlock: 'a: |\n  x\ty\n',
  unclosedQuote: 'a: "open\nb: 2\n',
  duplicateKeys: 'a: 1\nb: 2\na: 3\n',
  duplicateNested: 'x:\n  k: 1\n  k: 2\n',
  aliasBomb: 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
  badIndent: 'a:\n  b: 1\n c: 2\n',
  commentNoSpace: 'a: "x"#c\n',
  keySpaceColon: 'a : 1\n',
  nestedInline: 'a: b: c\n',
  seqInMapKeyLine: 'a: - b\n',
  reserved: 'a: @x\nb: `y`\n',
  percentPlain: 'a: %x\n',
  longKey: `${'k'.repeat(1100)}: 1\n`,
  controlChar: 'a: "\x07"\n',
  bom: '\ufeffa: 1\n',
  unicode: 'é: ü\n😀: "😀"\n',
  noFinalNewline: 'a:\n  b: 1\n  # c',
  trailingSpaces: 'a: 1   \nb:    \n  - x   \n',
  deepDedentComments: 'a:\n  b:\n    c:\n      d: 1\n        # d-ind\n      # c-ind\n    # b-ind\n  # a-ind\n# root\ne: 2\n',
  dedentToMiddle: 'a:\n  b:\n    c: 1\n    # four\n  # two\n  d: 2\n',
  emptyAtEof: 'a:\n  b:\n  # c\n',
  blockThenComment: 'a: |\n  x\n  # not a comment\n# comment\nb: 1\n',
  blockInSeq: '- |\n  x\n- >\n   y\n',
  workflowIf: "if: ${{ github.event_name == 'push' }}\nrun: echo \"a: b\" # c\n",
  colonsInPlain: 'url: http://x.y:80/a#b\ntime: 12:30\n',
  hashInPlain: 'a: b#c\nb: "#x"\n',
  emptyFlowValue: 'a: {b: }\nc: [d, ]\n',
  nestedFlow: 'a: [[1, 2], {b: c}]\n',
  flowPairInSeq: 'a: [b: 1]\n',
  questionPlain: 'a: ?x\nb: x?\n',
  dashPlain: 'a: -x\nb: - \n',
  spacesBeforeComment: 'a:    # c\n  b: 1\n',
  seqEmptyItem: 'a:\n  -\n  - x\n',
  indentedSeqSameLevel: 'a:\n- 1\n# c\nb:\n- 2\n  # c2\n',
  bigInt: 'n: 123456789012345678901234567890\n',
  floatPrecision: 'f: 0.10000000000000000555\ng: 1.0\nh: 10.0e2\n',
}

// Texts yaml rejects: the fast path must leave them to yaml, so the error and its place are yaml's.
const BROKEN = ['tabIndent', 'unclosedQuote', 'aliasBomb', 'badIndent', 'commentNoSpace', 'nestedInline', 'seqInMapKeyLine', 'reserved', 'blockMoreIndentedLeading']
// Shapes the fast path models; each must take it (so the comparison above is not vacuous).
const FAST = ['simple', 'scalars', 'keys', 'comments', 'emptyValues', 'emptySplice', 'seqs', 'blockEof', 'blockEofBlank', 'unicode', 'noFinalNewline', 'trailingSpaces', 'deepDedentComments', 'dedentToMiddle', 'emptyAtEof', 'blockThenComment', 'colonsInPlain', 'seqRoot', 'indentedSeqSameLevel', 'floatPrecision']

describe('fast YAML path against yaml parseDocument', () => {
  it.each(Object.entries(CASES))('%s', (_name, text) => {
    expect(compareWithYaml(text).differences).toEqual([])
  })

  it.each(FAST)('%s takes the fast path', (name) => {
    expect(compareWithYaml(CASES[name] as string).fast).toBe(true)
  })

  it.each(BROKEN)('%s: the error and its place are yaml\'s', (name) => {
    const text = CASES[name] as string
    const doc = parseDocument(text, { uniqueKeys: false })
    const parsed = parseYaml('x.yaml', text)
    expect(parsed.error).toBeDefined()
    if (doc.errors[0]) {
      expect(parsed.error).toBe(doc.errors[0].message.split('\n')[0])
      expect(parsed.errorAt).toEqual({ line: doc.errors[0].linePos?.[0].line, column: doc.errors[0].linePos?.[0].col })
    } else expect(parsed.error).toMatch(/alias/i)
  })

  it('duplicate keys keep the last value, as yaml does', () => {
    expect(parseYaml('x.yaml', CASES.duplicateKeys as string).value).toEqual({ a: 3, b: 2 })
  })

  it('a fast parse still hands out yaml\'s Document', () => {
    const parsed = parseYaml('x.yaml', 'a: 1 # one\n')
    expect(parsed.doc.toString()).toBe('a: 1 # one\n')
    expect(parsed.root).not.toBe(parsed.doc.contents)
  })

  it('matches on the generated projects, the templates and the YAML files in node_modules', async () => {
    const root = path.resolve(import.meta.dirname, '../../..')
    const files: string[] = []
    const parent = await mkdtemp(path.join(os.tmpdir(), 'opsmith-yaml-fast-'))
    const answers = { projectName: 'my-model', baseImage: `localhost/x/python:3.11-runtime@sha256:${'a'.repeat(64)}`, devImage: `localhost/x/python:3.11-dev@sha256:${'b'.repeat(64)}`, ci: 'both' }
    const texts = new Map<string, string>()
    try {
      for (const template of ['python-ml', 'python-llm']) {
        const dir = path.join(parent, template)
        await generateProject({ targetDir: dir, template, answers, useDefaults: true, git: false })
        for (const file of globSync('**/*.{yml,yaml}', { cwd: dir, dot: true, absolute: true })) texts.set(file, fs.readFileSync(file, 'utf8'))
      }
    } finally {
      await rm(parent, { recursive: true, force: true })
    }
    files.push(...texts.keys())
    files.push(...globSync(['templates/**/*.{yml,yaml}{,.hbs}', 'test/**/*.{yml,yaml}', '.github/**/*.{yml,yaml}', 'node_modules/**/*.{yml,yaml}'], { cwd: root, dot: true, absolute: true }))
    let fast = 0
    let nodes = 0
    const generatedFallbacks: string[] = []
    const differences: string[] = []
    for (const file of files) {
      const result = compareWithYaml(texts.get(file) ?? fs.readFileSync(file, 'utf8'))
      if (result.fast) fast++
      else if (file.startsWith(parent) && !file.endsWith('.gitlab-ci.yml')) generatedFallbacks.push(path.relative(parent, file))
      nodes += result.nodes
      differences.push(...result.differences.map((difference) => `${path.relative(root, file)}: ${difference}`))
    }
    expect(differences).toEqual([])
    // Every generated YAML file but .gitlab-ci.yml (anchors, !reference) takes the fast path.
    expect(generatedFallbacks).toEqual([])
    expect(files.length).toBeGreaterThan(200)
    expect(fast).toBeGreaterThan(files.length * 0.7)
    expect(nodes).toBeGreaterThan(10_000)
  }, 30_000)
})
