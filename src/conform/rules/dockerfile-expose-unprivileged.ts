import { defineRule, type RuleFinding } from '../rule.js'
import { instructionsOf, lineOf, readDockerfiles } from '../parse/dockerfile.js'

export default defineRule({
  id: 'dockerfile-expose-unprivileged',
  description: 'EXPOSE only ports >= 1024, which a non-root process can bind',
  severity: 'error',
  refs: ['CIS-5.8', 'hadolint:DL3011'],
  profile: 'base',
  securitySeverity: 3.1,
  docs: {
    why: 'Ports below 1024 need root (or CAP_NET_BIND_SERVICE) to bind, which the non-root runtime does not have.',
    fix: 'Listen on a high port (8080) and map it at run time (`-p 80:8080`).',
    examples: { language: 'dockerfile', bad: 'EXPOSE 80', good: 'EXPOSE 8080' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const parsed of await readDockerfiles(repo)) {
      for (const { instruction } of instructionsOf(parsed, 'EXPOSE')) {
        for (const argument of instruction.getArguments()) {
          const text = argument.getValue()
          const port = Number(/^(\d+)/.exec(text)?.[1])
          if (!Number.isInteger(port) || port >= 1024) continue
          findings.push({
            file: parsed.file,
            line: lineOf(instruction),
            message: `Port ${port} is privileged (< 1024) and needs root to bind: listen on a port >= 1024 (e.g. 8080) and map it at run time.`,
          })
        }
      }
    }
    return findings
  },
})
