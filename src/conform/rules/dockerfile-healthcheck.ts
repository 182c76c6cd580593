import { defineRule, type RuleFinding } from '../rule.js'
import { effectiveInstructions, lineOf, readDockerfiles, resolvedImage, stageChain } from '../parse/dockerfile.js'

const digestless = (image: string) => image.replace(/@.*$/, '')

export default defineRule({
  id: 'dockerfile-healthcheck',
  description: 'A serving image (its final stage EXPOSEs a port) declares a HEALTHCHECK or inherits one from the hardened base',
  severity: 'error',
  refs: ['CIS-4.6', 'hadolint:DL3057', 'dockle:CIS-DI-0006', 'trivy:DS-0026'],
  profile: 'base',
  docs: {
    why: 'Orchestrators and `docker run` cannot tell a hung server from a healthy one without a health check. Applies to images whose final stage EXPOSEs a port; `HEALTHCHECK NONE` counts as missing.',
    fix: 'Add `HEALTHCHECK CMD ["python", "-m", "<module>.healthcheck"]` (the hardened runtime has no curl).',
    examples: { language: 'dockerfile', bad: 'FROM python:3.12-slim@sha256:<digest>\nEXPOSE 8080\nCMD ["python", "-m", "app"]', good: 'FROM python:3.12-slim@sha256:<digest>\nEXPOSE 8080\nHEALTHCHECK CMD ["python", "/app/healthcheck.py"]\nCMD ["python", "-m", "app"]' },
  },
  async check({ repo, project }) {
    // opsmith's hardened runtime images carry a HEALTHCHECK (`opsmith image verify` checks it), so
    // building FROM the project's recorded base image inherits one the Dockerfile cannot show.
    const baseImage = project.record?.answers?.baseImage
    const findings: RuleFinding[] = []
    for (const parsed of await readDockerfiles(repo)) {
      const final = parsed.stages.at(-1)
      if (!final) continue
      const instructions = effectiveInstructions(parsed, final)
      if (!instructions.some((instruction) => instruction.getKeyword() === 'EXPOSE')) continue
      const healthcheck = instructions.filter((instruction) => instruction.getKeyword() === 'HEALTHCHECK').at(-1)
      const disabled = healthcheck !== undefined && /^NONE\b/i.test((healthcheck.getArgumentsContent() ?? '').trim())
      if (healthcheck && !disabled) continue
      const root = stageChain(parsed, final)[0] ?? final
      if (!healthcheck && typeof baseImage === 'string' && digestless(resolvedImage(parsed, root.from)) === digestless(baseImage)) continue
      findings.push({
        file: parsed.file,
        line: lineOf(healthcheck ?? final.from),
        message: 'This image serves on a port but has no HEALTHCHECK: add one that probes the service in exec form, e.g. `HEALTHCHECK CMD ["/app/server", "healthcheck"]` (in the opsmith Python images: `["python", "-m", "<module>.healthcheck"]`; the hardened runtime has no curl), or build FROM the hardened base, which has one.',
      })
    }
    return findings
  },
})
