import { defineRule, type RuleFinding } from '../rule.js'
import { instructionSource, instructionsOf, lineOf, readDockerfiles } from '../parse/dockerfile.js'

const APT_INSTALL = /\bapt(?:-get)?\s+(?:-\S+\s+)*install\b/
const APT_UPDATE = /\bapt(?:-get)?\s+update\b/
// A BuildKit cache mount keeps the lists out of the layer, which is what removing them achieves.
const LISTS_CLEANED = /rm\s+-(?:rf|fr|r)\s+\/var\/lib\/apt\/lists|--mount=type=cache[^\s]*target=\/var\/lib\/apt/

export default defineRule({
  id: 'dockerfile-apt-hygiene',
  description: 'apt-get install uses --no-install-recommends and the same RUN removes /var/lib/apt/lists',
  severity: 'warning',
  refs: ['hadolint:DL3015', 'hadolint:DL3009', 'dockle:DKL-DI-0005', 'trivy:DS-0029'],
  profile: 'base',
  docs: {
    why: 'Recommended packages grow the image and its CVE count; package lists left in a layer add megabytes and stale metadata.',
    fix: '`apt-get install -y --no-install-recommends ... && rm -rf /var/lib/apt/lists/*` in the same RUN (a BuildKit cache mount on /var/lib/apt also passes).',
    examples: { language: 'dockerfile', bad: 'RUN apt-get update && apt-get install -y curl', good: 'RUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const parsed of await readDockerfiles(repo)) {
      for (const { instruction } of instructionsOf(parsed, 'RUN')) {
        const command = instructionSource(parsed, instruction)
        const at = { file: parsed.file, line: lineOf(instruction) }
        if (APT_INSTALL.test(command) && !command.includes('--no-install-recommends')) {
          findings.push({ ...at, message: 'Add `--no-install-recommends` to `apt-get install`: recommended packages grow the image and its attack surface.' })
        }
        if ((APT_INSTALL.test(command) || APT_UPDATE.test(command)) && !LISTS_CLEANED.test(command)) {
          findings.push({ ...at, message: 'End this RUN with `rm -rf /var/lib/apt/lists/*` so the package lists do not stay in the layer.' })
        }
      }
    }
    return findings
  },
})
