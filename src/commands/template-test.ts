import { testPack } from '../pack-test/test-pack.js'
import { withProgress } from '../progress.js'
import { defineCommand } from './command.js'

export default defineCommand({
  name: 'test',
  summary: "Render a pack's answer matrix (defaults, every choice, edge values) and run conform on each (exit 1 if any breaks).",
  usage: '[dir | built-in id]',
  flags: {
    trust: { type: 'boolean', description: "Run the pack's JavaScript plopfile (packs of data never need it)." },
    keep: { type: 'boolean', description: 'Keep the rendered projects and print where they are.' },
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    const packDir = args.dir ?? '.'
    const report = await withProgress(stderr, `Rendering the answer sets of ${packDir} and running conform on each`, () =>
      testPack({ packDir, cwd, trust: flags.trust, keep: flags.keep }),
    )
    for (const result of report.results) {
      if (result.ok) {
        stdout.write(`ok    ${result.set.name}\n`)
        continue
      }
      stdout.write(`FAIL  ${result.set.name}: ${result.failure ?? `${result.errors.length} conform error(s)`}\n`)
      for (const finding of result.errors) {
        stdout.write(`        ${finding.file ?? '.'}${finding.line ? `:${finding.line}` : ''}  ${finding.message}  ${finding.rule}\n`)
      }
    }
    const failed = report.results.filter((result) => !result.ok)
    stdout.write(`${report.pack} ${report.version}: ${report.results.length - failed.length} of ${report.results.length} answer sets conform.\n`)
    if (flags.keep) stdout.write(`Rendered projects: ${report.workDir}\n`)
    return failed.length > 0 ? 1 : 0
  },
})
