import { defineRule, type RuleFinding } from '../rule.js'
import { effectiveInstructions, lineOf, readDockerfiles, resolvedImage, stageChain } from '../parse/dockerfile.js'

// `root`, `0`, and either with any group: what hadolint (no USER passes) and dockle (`USER 0` passes) miss.
const ROOT_USER = /^(0|root)(:.*)?$/
// Bases whose own USER is not root, so a stage that sets none runs as that user: distroless and others' `nonroot`
// tags (UID 65532), Chainguard's images other than their `-dev` variants (65532), Jupyter's docker-stacks (jovyan).
const NON_ROOT_BASES = [
  /:(?:[\w.-]*-)?nonroot(?:-[\w.-]*)?(?:@|$)/,
  /^cgr\.dev\/chainguard\/[^:@]+(?::(?![\w.-]*-dev(?:@|$))[\w.-]+)?(?:@|$)/,
  /^(?:quay\.io\/|docker\.io\/)?jupyter\/[\w.-]+(?:[:@]|$)/,
]

export default defineRule({
  id: 'dockerfile-non-root-user',
  description: 'The final stage of every Dockerfile runs as a non-root user',
  severity: 'error',
  refs: ['CIS-4.1', 'hadolint:DL3002', 'dockle:CIS-DI-0001', 'trivy:DS-0002'],
  profile: 'base',
  securitySeverity: 6.4,
  docs: {
    why: 'A container running as root turns any code execution into root inside the container and, with one kernel bug, on the host. The last USER of the final stage decides; missing, `0`, `0:*`, `root`, `root:*` are root (hadolint passes a missing USER; dockle passes `USER 0`). A missing USER passes on a base that sets a non-root one itself: a `nonroot` tag (distroless), Chainguard\'s images but their `-dev` variants, Jupyter\'s docker-stacks.',
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
        const base = resolvedImage(parsed, (stageChain(parsed, final)[0] ?? final).from).toLowerCase()
        if (NON_ROOT_BASES.some((pattern) => pattern.test(base))) continue
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
