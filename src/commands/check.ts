import { checkProject, type CheckResult } from '../update/check.js'
import { defineCommand, FORMAT_FLAG } from './command.js'
import { openProject } from './open-project.js'
import { printableLines } from '../printable.js'

export default defineCommand({
  name: 'check',
  summary: "Say whether the project is behind its template pack, every layer (exit 1 when behind, 0 when current).",
  usage: '[dir]',
  flags: {
    format: FORMAT_FLAG,
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    const projectDir = openProject(cwd, args.dir, stderr)
    const result = await checkProject(projectDir)
    stdout.write(flags.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : printableLines(formatCheck(result)))
    return result.behind ? 1 : 0
  },
})

function formatCheck(result: CheckResult): string {
  const [own, ...parents] = [...result.layers].reverse()
  const describe = (layer: CheckResult['layers'][number]) =>
    layer.status === 'behind' ? `${layer.version}, behind: ${layer.newest} is available` : layer.status === 'ahead' ? `${layer.version}, newer than ${layer.newest} (the newest this opsmith can get)` : `${layer.version}, current`
  const lines = own ? [`${own.id} ${describe(own)}`, ...parents.map((layer) => `  extends ${layer.id} ${describe(layer)}`)] : []
  lines.push(result.behind ? 'The project is behind its template: run `opsmith update` (see `opsmith update --dry-run`).' : 'The project is up to date with its template.')
  return `${lines.join('\n')}\n`
}
