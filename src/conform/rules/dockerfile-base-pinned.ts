import { defineRule, type RuleFinding } from '../rule.js'
import { isStageReference, lineOf, readDockerfiles, resolvedImage } from '../parse/dockerfile.js'
import { isDigestPinned } from '../../image-reference.js'


export default defineRule({
  id: 'dockerfile-base-pinned',
  description: 'Every FROM image is pinned to a sha256 digest',
  severity: 'error',
  refs: ['CIS-4.2', 'hadolint:DL3006', 'dockle:DKL-DI-0006', 'trivy:DS-0001'],
  profile: 'base',
  securitySeverity: 5.6,
  docs: {
    why: 'A tag can be moved to a different image at any time (including a malicious one); only a digest names exactly what was tested and scanned. Applies to every stage; `scratch`, earlier stage names and ARG defaults are resolved.',
    fix: '`FROM python:3.12-slim@sha256:<digest>`; `docker buildx imagetools inspect python:3.12-slim` prints the digest.',
    examples: { language: 'dockerfile', bad: 'FROM python:3.12-slim', good: 'FROM python:3.12-slim@sha256:<digest>' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const parsed of await readDockerfiles(repo)) {
      for (const { from } of parsed.stages) {
        const image = resolvedImage(parsed, from)
        if (isStageReference(parsed, image) || isDigestPinned(image)) continue
        findings.push({
          file: parsed.file,
          line: lineOf(from),
          message: `Pin \`${image}\` to a digest: \`${image.replace(/@.*$/, '')}@sha256:<digest>\` (\`docker buildx imagetools inspect ${image}\` prints it), so a moved tag cannot change the build.`,
        })
      }
    }
    return findings
  },
})
