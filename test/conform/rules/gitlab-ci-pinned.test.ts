import rule from '../../../src/conform/rules/gitlab-ci-pinned.js'
import { DIGEST, SHA, ruleTester } from '../helpers.js'

const FILE = '.gitlab-ci.yml'
const INTEGRITY = `sha256-${'A'.repeat(43)}=`

ruleTester(rule, {
  valid: [
    {
      name: 'digests everywhere, includes by commit and hash, local and GitLab template includes, variables',
      files: {
        [FILE]: [
          'include:',
          '  - local: ci/lint.yml',
          '  - template: Jobs/SAST.gitlab-ci.yml',
          `  - project: platform/ci`,
          `    ref: ${SHA}  # v1.4.0`,
          '    file: /python.yml',
          `  - remote: https://example.com/ci.yml`,
          `    integrity: ${INTEGRITY}`,
          `  - component: $CI_SERVER_FQDN/platform/scan/secrets@${SHA}`,
          `  - component: $CI_SERVER_FQDN/platform/scan/sast@$SCAN_VERSION`,
          `image: python:3.12-slim@${DIGEST}`,
          'default:',
          `  services: [postgres:16@${DIGEST}]`,
          '.base:',
          '  image:',
          `    name: aquasec/trivy:0.69@${DIGEST}`,
          '    entrypoint: [""]',
          'test:',
          '  extends: .base',
          '  image: $BUILD_IMAGE',
          '  services:',
          `    - name: docker:27-dind@${DIGEST}`,
          '      alias: docker',
          '  script: [pytest]',
          '',
        ].join('\n'),
      },
    },
    { name: 'a repository without GitLab CI/CD', files: { 'README.md': 'image: python:3\n' } },
    { name: 'a local include as a string', files: { [FILE]: `include: ci/jobs.yml\ntest:\n  image: python@${DIGEST}\n  script: [pytest]\n` } },
  ],
  invalid: [
    {
      name: 'tags on images and services, a branch, a missing ref, a bare URL, no integrity, a component version',
      files: {
        [FILE]: [
          'include:',
          '  - project: platform/ci',
          '    ref: main',
          '    file: /python.yml',
          '  - project: platform/other',
          '    file: /x.yml',
          '  - https://example.com/ci.yml',
          '  - remote: https://example.com/other.yml',
          '  - component: $CI_SERVER_FQDN/platform/scan/secrets@1.0.0',
          '  - component: gitlab.com/components/sast@~latest',
          'image: python:3.12-slim',
          'default:',
          '  services: [postgres:16]',
          '.base:',
          '  image:',
          '    name: aquasec/trivy:0.69',
          'test:',
          '  services:',
          '    - name: docker:27-dind',
          '  script: [pytest]',
          '',
        ].join('\n'),
      },
      errors: [
        { file: FILE, line: 11, column: 8, message: /Pin the image of the pipeline `python:3.12-slim` to a digest/ },
        { file: FILE, line: 13, column: 14, message: /service of default `postgres:16`/ },
        { file: FILE, line: 16, column: 11, message: /image of job \.base `aquasec\/trivy:0\.69`/ },
        { file: FILE, line: 19, column: 13, message: /service of job test `docker:27-dind`/ },
        { file: FILE, line: 3, column: 10, message: /follows `ref: main`, which can be moved/ },
        { file: FILE, line: 5, column: 5, message: /has no `ref:`/ },
        { file: FILE, line: 7, column: 5, message: /remote include `https:\/\/example.com\/ci.yml` can change/ },
        { file: FILE, line: 8, column: 13, message: /has no `integrity: sha256-<base64>`/ },
        { file: FILE, line: 9, column: 16, message: /pinned to `1\.0\.0`, which can be moved/ },
        { file: FILE, line: 10, column: 16, message: /pinned to `~latest`/ },
      ],
    },
    {
      name: 'one include as a map, an integrity that is not a sha256 SRI hash',
      files: { [FILE]: `include:\n  remote: https://example.com/ci.yml\n  integrity: md5-abc\n` },
      errors: [{ file: FILE, line: 2, column: 11 }],
    },
  ],
})
