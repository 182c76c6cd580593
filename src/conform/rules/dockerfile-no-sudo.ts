import { defineRule } from '../rule.js'
import { instructionsOf, lineOf, readDockerfiles, runCommand } from '../parse/dockerfile.js'

export default defineRule({
  id: 'dockerfile-no-sudo',
  description: 'No sudo in RUN (switch USER instead)',
  severity: 'error',
  refs: ['hadolint:DL3004', 'dockle:DKL-DI-0001', 'trivy:DS-0010'],
  profile: 'base',
  securitySeverity: 5.3,
  docs: {
    why: 'sudo in a Dockerfile means the build is fighting its own USER; it also keeps a setuid binary in the image.',
    fix: 'Run the step as root before `USER` drops privileges, or in a build stage.',
    examples: { language: 'dockerfile', bad: 'USER app\nRUN sudo apt-get install -y --no-install-recommends curl', good: 'USER root\nRUN apt-get install -y --no-install-recommends curl\nUSER 65532' },
  },
  async check({ repo }) {
    return (await readDockerfiles(repo)).flatMap((parsed) =>
      instructionsOf(parsed, 'RUN')
        .filter(({ instruction }) => /(?:^|[\s;&|(])sudo\s/.test(runCommand(instruction)))
        .map(({ instruction }) => ({
          file: parsed.file,
          line: lineOf(instruction),
          message: 'Remove sudo from this RUN: run the step before `USER` drops root, or as root in a build stage.',
        })),
    )
  },
})
