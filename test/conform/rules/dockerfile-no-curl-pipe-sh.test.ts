import rule from '../../../src/conform/rules/dockerfile-no-curl-pipe-sh.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [
    { name: 'download, verify, run', files: { Dockerfile: 'FROM a:1\nRUN curl -fsSLo i.sh https://x/i.sh && echo "abc  i.sh" | sha256sum -c && sh i.sh\n' } },
    { name: 'curl piped to a non-shell', files: { Dockerfile: 'FROM a:1\nRUN curl -fsSL https://x/k.asc | gpg --dearmor -o /k.gpg\n' } },
  ],
  invalid: [
    { name: 'curl | sh', files: { Dockerfile: 'FROM a:1\nRUN curl -fsSL https://get.example.com | sh\n' }, errors: [{ file: 'Dockerfile', line: 2 }] },
    { name: 'wget | sudo bash over a continuation', files: { Dockerfile: 'FROM a:1\nRUN set -e; \\\n    wget -qO- https://x/i | sudo bash\n' }, errors: [{ file: 'Dockerfile', line: 2 }] },
  ],
})
