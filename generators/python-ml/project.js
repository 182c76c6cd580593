import { readFileSync } from 'node:fs'

// `opsmith new --template python-ml`: a complete, production-grade ML project.
// Questions are plain inquirer-style objects: opsmith asks them with @inquirer/prompts,
// maps each to a flag (--set name=value) and exports them as JSON Schema (--schema).

// The hardened base images this pack builds FROM: the organisation's defaults from the environment
// (OPSMITH_BASE_IMAGE, OPSMITH_DEV_IMAGE), else the refs last published with the pack (images/refs.json).
const PUBLISHED = JSON.parse(readFileSync(new URL('../../images/refs.json', import.meta.url), 'utf8'))
const IMAGE_REFS = {
  runtime: process.env.OPSMITH_BASE_IMAGE || PUBLISHED.runtime,
  dev: process.env.OPSMITH_DEV_IMAGE || PUBLISHED.dev,
}
const NAME_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  plop.setGenerator('project', {
    description: 'A Python ML project: training, evaluation, drift monitoring, hardened image, CI',
    prompts: [
      {
        type: 'input',
        name: 'projectName',
        message: 'Project name',
        pattern: NAME_PATTERN,
        patternHint: 'lowercase letters, digits and single hyphens, starting with a letter (e.g. churn-model)',
        maxLength: 64,
      },
      {
        type: 'input',
        name: 'description',
        message: 'One-line description',
        default: 'A machine learning project.',
        maxLength: 200,
        // Written into TOML, JSON and YAML strings: no quotes, backslashes or control characters.
        pattern: '^[^"\\\\\\x00-\\x1f]+$',
        patternHint: 'one line without double quotes or backslashes',
      },
      { type: 'input', name: 'owner', message: 'Owning team or person (recorded in model metadata)', default: 'ml-platform', pattern: '^[A-Za-z0-9][A-Za-z0-9 ._@-]*$', patternHint: 'letters, digits, spaces and . _ @ -' },
      { type: 'input', name: 'modelName', message: 'Name of the first model', default: 'classifier', pattern: NAME_PATTERN, patternHint: 'lowercase letters, digits and single hyphens', maxLength: 64 },
      { type: 'list', name: 'license', message: 'License', choices: ['Apache-2.0', 'MIT', 'proprietary'], default: 'Apache-2.0' },
      { type: 'confirm', name: 'serving', message: 'Serve predictions over HTTP from the image?', default: true },
      {
        type: 'input',
        name: 'baseImage',
        message: 'Hardened runtime base image, pinned by digest',
        default: IMAGE_REFS.runtime,
        pattern: '^[a-z0-9][a-z0-9._/:-]*@sha256:[a-f0-9]{64}$',
        patternHint: 'an image reference pinned by digest: REF@sha256:<64 hex>',
      },
      {
        type: 'input',
        name: 'devImage',
        message: 'Hardened dev/build base image, pinned by digest',
        default: IMAGE_REFS.dev,
        pattern: '^[a-z0-9][a-z0-9._/:-]*@sha256:[a-f0-9]{64}$',
        patternHint: 'an image reference pinned by digest: REF@sha256:<64 hex>',
      },
    ],
    // Values computed from the answers; never asked, never recorded as answers.
    derive: (answers) => ({ moduleName: String(answers.projectName).replace(/-/g, '_') }),
    actions: (answers) => [
      {
        type: 'addMany',
        destination: '.',
        base: '../../templates/python-ml/project',
        templateFiles: '../../templates/python-ml/project/**',
        // Serving code and its tests only when the project serves.
        // Ignore globs are matched like templateFiles: relative to this plopfile, so they carry the same prefix.
        globOptions: {
          dot: true,
          ignore: answers.serving ? [] : ['../../templates/python-ml/project/**/serve.py.hbs', '../../templates/python-ml/project/**/test_serve.py.hbs'],
        },
      },
    ],
  })
}
