import { defineRule, type RuleFinding } from '../rule.js'
import { effectiveInstructions, lineOf, readDockerfiles } from '../parse/dockerfile.js'

// `root`, `0`, and either with any group: what hadolint (no USER passes) and dockle (`USER 0` passes) miss.
const ROOT_USER = /^(0|root)(:.*)?$/

export default defineRule({
  id: 'dockerfile-non-root-user',
  description: 'The final stage of every Dockerfile runs as a non-root user',
  severity: 'error',
  refs: ['CIS-4.1', 'hadolint:DL3002', 'dockle:CIS-DI-0001', 'trivy:DS-0002'],
  profile: 'base',
  securitySeverity: 6.4,
  docs: {
    why: 'A container running as root turns any code execution into root inside the container and, with one kernel bug, on the host. The last USER of the final stage decides; missing, `0`, `0:*`, `root`, `root:*` are root (hadolint passes a missing USER; dockle passes `USER 0`).',
    fix: '`USER 65532:65532` (or another non-root UID) after the last RUN of the final stage.',
    examples: { language: 'dockerfile', bad: 'FROM python:3.12-slim@sha256:<digest>\nCMD ["python", "-m", "app"]', good: 'FROM python:3.12-slim@sha256:<digest>\nUSER 65532:65532\nCMD ["python", "-m", "app"]' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const parsed of await readDockerfiles(repo)) {
      const final = parsed.stages.at(-1)
      if (!final) continue
      // A final stage built FROM an earlier stage inherits its USER.
      const user = effectiveInstructions(parsed, final).filter((instruction) => instruction.getKeyword() === 'USER').at(-1)
      if (!user) {
        findings.push({
          file: parsed.file,
          line: lineOf(final.from),
          message: 'The final stage has no USER, so the container runs as root: add `USER 65532:65532` (or another non-root UID) after the last RUN.',
        })
        continue
      }
      const value = (user.getArgumentsContent() ?? '').trim()
      if (ROOT_USER.test(value)) {
        findings.push({
          file: parsed.file,
          line: lineOf(user),
          message: `\`USER ${value}\` runs the container as root: use a non-root numeric UID such as \`USER 65532:65532\`.`,
        })
      }
    }
    return findings
  },
})
