// The pack skeleton: package.json, opsmith-pack.json, a plopfile with one `project` generator and its
// templates, ready for `opsmith template test .` and `npm publish`.

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  plop.setGenerator('project', {
    description: 'A new opsmith template pack',
    prompts: [
      {
        type: 'input',
        name: 'projectName',
        message: 'npm package name of the pack (e.g. @acme/opsmith-pack-service)',
        pattern: '^(@[a-z0-9][a-z0-9-._]*/)?[a-z0-9][a-z0-9-._]*$',
        patternHint: 'an npm package name, optionally scoped: lowercase letters, digits, - . _',
        maxLength: 214,
      },
      { type: 'input', name: 'description', message: 'One-line description', default: 'An opsmith template pack.', maxLength: 200 },
      { type: 'input', name: 'owner', message: 'Owning working group', default: 'platform-team' },
    ],
    derive: (answers) => ({ packId: String(answers.projectName).replace(/^@[^/]+\//, '') }),
    actions: [
      {
        type: 'addMany',
        destination: '.',
        base: '../../templates/opsmith-pack/project',
        templateFiles: '../../templates/opsmith-pack/project/**',
        globOptions: { dot: true },
      },
    ],
  })
}
