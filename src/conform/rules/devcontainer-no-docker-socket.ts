import { defineRule, type RuleFinding } from '../rule.js'
import { locationAt, readDevcontainers, runArgsOf } from '../parse/devcontainer.js'

const SOCKET = /docker\.sock/
// Features that bind-mount the host's Docker socket into the container.
const SOCKET_FEATURES = /docker-outside-of-docker|docker-from-docker/

export default defineRule({
  id: 'devcontainer-no-docker-socket',
  description: 'The dev container does not mount the host Docker socket (root on the host)',
  severity: 'error',
  refs: ['CIS-5.31'],
  profile: 'base',
  securitySeverity: 7.7,
  docs: {
    why: 'Whoever talks to the Docker socket is root on the host: a compromised dependency in the dev container would own the machine. Flags socket mounts in `mounts` and `runArgs`, and the docker-outside-of-docker feature.',
    fix: 'Remove the mount; build images outside the container or with rootless Docker-in-Docker.',
    examples: { language: 'jsonc', bad: '{\n  "mounts": ["source=/var/run/docker.sock,target=/var/run/docker.sock,type=bind"]\n}', good: '{\n  "features": { "ghcr.io/devcontainers/features/docker-in-docker:2": {} }\n}' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    const message = 'Do not mount the Docker socket into the dev container: whoever controls it is root on the host. Use rootless Docker-in-Docker or build outside the container.'
    for (const parsed of await readDevcontainers(repo)) {
      const mounts = Array.isArray(parsed.value.mounts) ? parsed.value.mounts : []
      mounts.forEach((mount, index) => {
        if (SOCKET.test(typeof mount === 'string' ? mount : JSON.stringify(mount))) findings.push({ file: parsed.file, ...locationAt(parsed, ['mounts', index]), message })
      })
      for (const { arg, index } of runArgsOf(parsed)) {
        if (SOCKET.test(arg)) findings.push({ file: parsed.file, ...locationAt(parsed, ['runArgs', index]), message })
      }
      const features = parsed.value.features && typeof parsed.value.features === 'object' ? Object.keys(parsed.value.features) : []
      for (const feature of features.filter((name) => SOCKET_FEATURES.test(name))) {
        findings.push({ file: parsed.file, ...locationAt(parsed, ['features', feature]), message })
      }
    }
    return findings
  },
})
