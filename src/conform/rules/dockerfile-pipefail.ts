import { defineRule, type RuleFinding } from '../rule.js'
import { lineOf, readDockerfiles, runCommand } from '../parse/dockerfile.js'

// A `|` outside quotes that is not part of `||`.
function hasPipe(command: string): boolean {
  const unquoted = command.replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, '')
  return /(?<!\|)\|(?!\|)/.test(unquoted)
}

// `set -o pipefail`, `set -euxo pipefail`, or SHELL's JSON form `"-o", "pipefail"`.
const PIPEFAIL = /-\w*o["',\s]+pipefail/

export default defineRule({
  id: 'dockerfile-pipefail',
  description: 'A RUN that pipes sets `-o pipefail` (SHELL or `set -o pipefail`), so a failing left side fails the build',
  severity: 'warning',
  refs: ['hadolint:DL4006'],
  profile: 'base',
  docs: {
    why: 'Without pipefail, `curl x | tar x` succeeds when curl fails, so a broken download builds a broken image. A SHELL with `-o pipefail` covers the rest of its stage.',
    fix: '`SHELL ["/bin/bash", "-o", "pipefail", "-c"]` or `set -o pipefail &&` at the start of the RUN.',
    examples: { language: 'dockerfile', bad: 'RUN curl -fsSL https://example.com/data.csv | gzip > /data.csv.gz', good: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/data.csv | gzip > /data.csv.gz' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const parsed of await readDockerfiles(repo)) {
      for (const stage of parsed.stages) {
        let shellPipefail = false
        for (const instruction of stage.instructions) {
          const keyword = instruction.getKeyword()
          if (keyword === 'SHELL') shellPipefail = PIPEFAIL.test(instruction.getArgumentsContent() ?? '')
          if (keyword !== 'RUN' || shellPipefail) continue
          const command = runCommand(instruction)
          // Exec form (`RUN ["a", "b"]`) runs no shell, so there is no pipe to guard.
          if (command.trimStart().startsWith('[') || !hasPipe(command) || PIPEFAIL.test(command)) continue
          findings.push({
            file: parsed.file,
            line: lineOf(instruction),
            message: 'This RUN pipes without pipefail, so a failing first command is ignored: add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before it or start it with `set -o pipefail &&`.',
          })
        }
      }
    }
    return findings
  },
})
