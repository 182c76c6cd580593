import { defineRule, type RuleFinding } from '../rule.js'
import { lineOf, readDockerfiles } from '../parse/dockerfile.js'

export default defineRule({
  id: 'dockerfile-healthcheck',
  description: 'A serving image (its final stage EXPOSEs a port) declares a HEALTHCHECK',
  severity: 'error',
  refs: ['CIS-4.6', 'hadolint:DL3057', 'dockle:CIS-DI-0006', 'trivy:DS-0026'],
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const parsed of await readDockerfiles(repo)) {
      const final = parsed.stages.at(-1)
      if (!final) continue
      const keywords = final.instructions.map((instruction) => instruction.getKeyword())
      if (!keywords.includes('EXPOSE')) continue
      const healthcheck = final.instructions.filter((instruction) => instruction.getKeyword() === 'HEALTHCHECK').at(-1)
      const disabled = healthcheck && /^NONE\b/i.test((healthcheck.getArgumentsContent() ?? '').trim())
      if (healthcheck && !disabled) continue
      findings.push({
        file: parsed.file,
        line: lineOf(healthcheck ?? final.from),
        message: 'This image serves on a port but has no HEALTHCHECK: add one that probes the service, e.g. `HEALTHCHECK CMD ["python", "-m", "<module>.healthcheck"]` (the runtime has no curl).',
      })
    }
    return findings
  },
})
