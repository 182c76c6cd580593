// `opsmith add model <name> [--bump major|minor|patch]`: the next version folder of a model,
// following the convention models/<name>/<semver>/{model.json,MODEL_CARD.md}.

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  plop.setGenerator('model', {
    description: 'The next version folder of a model (models/<name>/<semver>/)',
    prompts: [
      { type: 'input', name: 'name', message: 'Model name', pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$', patternHint: 'lowercase letters, digits and hyphens' },
      { type: 'list', name: 'bump', message: 'Which part of the version to bump', choices: ['patch', 'minor', 'major'], default: 'minor' },
    ],
    // opsmith fills in `version` (the next SemVer after the newest folder) and `parentVersion`.
    actions: [
      {
        type: 'addMany',
        destination: 'models/{{name}}/{{version}}',
        base: '../../templates/python-ml/model',
        templateFiles: '../../templates/python-ml/model/**',
        globOptions: { dot: true },
      },
    ],
  })
}
