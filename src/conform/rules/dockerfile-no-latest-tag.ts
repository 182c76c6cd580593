import { defineRule, type RuleFinding } from '../rule.js'
import { isStageReference, lineOf, readDockerfiles, resolvedImage } from '../parse/dockerfile.js'

export default defineRule({
  id: 'dockerfile-no-latest-tag',
  description: 'FROM images name an explicit version tag or a digest, never `latest` or nothing',
  severity: 'error',
  refs: ['hadolint:DL3007', 'hadolint:DL3006', 'trivy:DS-0001'],
  profile: 'base',
  securitySeverity: 4.0,
  docs: {
    why: '`latest` (or no tag) changes under you; the build is not reproducible and reviews cannot tell which version is used.',
    fix: 'Name the version you tested, and pin its digest (see dockerfile-base-pinned).',
    details: 'A digest without a tag (`registry/python@sha256:…`, as `opsmith image push` prints it) names one exact image and passes.',
    examples: { language: 'dockerfile', bad: 'FROM python:latest', good: 'FROM python:3.12-slim@sha256:<digest>' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const parsed of await readDockerfiles(repo)) {
      for (const { from } of parsed.stages) {
        const image = resolvedImage(parsed, from)
        if (isStageReference(parsed, image) || image.includes('$')) continue
        const reference = image.replace(/@.*$/, '')
        const tag = /:([^/:]+)$/.exec(reference)?.[1]
        if (tag !== undefined && tag !== 'latest') continue
        // A digest without a tag names one exact image (what `opsmith image push` prints): nothing floats (hadolint DL3006 agrees).
        if (tag === undefined && image.includes('@sha256:')) continue
        findings.push({
          file: parsed.file,
          line: lineOf(from),
          message: `\`${image}\` uses ${tag ? 'the `latest` tag' : 'no tag (implicitly `latest`)'}: name the version you tested, as \`${reference.replace(/:latest$/, '')}:<version>@sha256:<digest>\`.`,
        })
      }
    }
    return findings
  },
})
