import { defineRule } from '../rule.js'
import { instructionsOf, lineOf, readDockerfiles } from '../parse/dockerfile.js'

export default defineRule({
  id: 'dockerfile-copy-not-add',
  description: 'Use COPY, not ADD (ADD fetches URLs and unpacks archives implicitly)',
  severity: 'error',
  refs: ['CIS-4.9', 'hadolint:DL3020', 'dockle:CIS-DI-0009', 'trivy:DS-0005'],
  profile: 'base',
  securitySeverity: 4.3,
  docs: {
    why: 'ADD silently fetches URLs and unpacks archives, so what lands in the image depends on the network and on file names.',
    fix: 'Use COPY; download in a build stage with a checksum check.',
    examples: { language: 'dockerfile', bad: 'ADD https://example.com/tool.tar.gz /opt/', good: 'COPY tool.tar.gz /opt/' },
  },
  async check({ repo }) {
    return (await readDockerfiles(repo)).flatMap((parsed) =>
      instructionsOf(parsed, 'ADD').map(({ instruction }) => ({
        file: parsed.file,
        line: lineOf(instruction),
        message: `Replace \`ADD ${instruction.getArgumentsContent() ?? ''}\` with COPY; download files in a build stage with a checksum check instead of ADD <url>.`,
      })),
    )
  },
})
