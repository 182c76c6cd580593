import { resolveTestedPack, testPack } from '../pack-test/test-pack.js'
import { withProgress } from '../progress.js'
import { defineCommand, FORMAT_FLAG, TRUST_FLAG } from './command.js'
import { showPackProgress } from './pack-progress.js'
import { printable, printableLines } from '../printable.js'

export default defineCommand({
  name: 'test',
  summary: "Render a pack's answer matrix (defaults, every choice, edge values) and run conform on each (exit 1 if any breaks).",
  usage: '[dir | built-in id]',
  flags: {
    trust: { ...TRUST_FLAG, description: "Run the pack's JavaScript plopfile (packs of data never need it)." },
    keep: { type: 'boolean', description: 'Keep the rendered projects and print where they are.' },
    format: FORMAT_FLAG,
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    showPackProgress(stderr)
    const packDir = args.dir ?? '.'
    // Resolved before the progress line starts, so an npm install shows its own line.
    const pack = await resolveTestedPack(packDir, cwd)
    const report = await withProgress(stderr, `Rendering the answer sets of ${packDir} and running conform on each`, () =>
      testPack({ packDir, cwd, trust: flags.trust, keep: flags.keep, pack }),
    )
    const failed = report.results.filter((result) => !result.ok)
    if (flags.format === 'json') {
      const results = report.results.map((result) => ({
        name: result.set.name,
        answers: result.set.answers,
        ok: result.ok,
        ...(result.failure ? { failure: result.failure } : {}),
        errors: result.errors.map((finding) => ({ rule: finding.rule, file: finding.file, line: finding.line, message: finding.message })),
      }))
      const document = { pack: report.pack, version: report.version, ok: failed.length === 0, passed: report.results.length - failed.length, total: report.results.length, results, ...(flags.keep ? { workDir: report.workDir } : {}) }
      stdout.write(`${JSON.stringify(document, null, 2)}\n`)
      return failed.length > 0 ? 1 : 0
    }
    for (const result of report.results) {
      if (result.ok) {
        stdout.write(`ok    ${printable(result.set.name)}\n`)
        continue
      }
      stdout.write(printableLines(`FAIL  ${result.set.name}: ${result.failure ?? `${result.errors.length} conform error(s)`}\n`))
      for (const finding of result.errors) {
        stdout.write(`        ${printable(finding.file ?? '.')}${finding.line ? `:${finding.line}` : ''}  ${printable(finding.message)}  ${finding.rule}\n`)
      }
    }
    stdout.write(`${report.pack} ${report.version}: ${report.results.length - failed.length} of ${report.results.length} answer sets conform.\n`)
    if (flags.keep) stdout.write(`Rendered projects: ${report.workDir}\n`)
    return failed.length > 0 ? 1 : 0
  },
})
