import { readFileSync } from 'node:fs'

// `opsmith new --template python-llm`: a documentation Q&A assistant that is versioned, evaluated,
// costed and red-teamed from day one. Questions are plain inquirer-style objects (see python-ml).

// The hardened base images this pack builds FROM: the organisation's defaults from the environment
// (OPSMITH_BASE_IMAGE, OPSMITH_DEV_IMAGE), else the refs last published with opsmith (images/refs.json).
const PUBLISHED = JSON.parse(readFileSync(new URL('../../images/refs.json', import.meta.url), 'utf8'))
const IMAGE_REFS = {
  runtime: process.env.OPSMITH_BASE_IMAGE || PUBLISHED.runtime,
  dev: process.env.OPSMITH_DEV_IMAGE || PUBLISHED.dev,
}
const NAME_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'
const PINNED_PATTERN = '^[a-z0-9][a-z0-9._/:-]*@sha256:[a-f0-9]{64}$'
const TEMPLATES = '../../templates/python-llm/project'

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  plop.setGenerator('project', {
    description: 'A Python LLM application: documentation Q&A with citations, prompts, evals, red team, drift',
    prompts: [
      { type: 'input', name: 'projectName', message: 'Project name', pattern: NAME_PATTERN, patternHint: 'lowercase letters, digits and single hyphens, starting with a letter (e.g. docs-assistant)', maxLength: 64 },
      {
        type: 'input',
        name: 'description',
        message: 'One-line description',
        default: 'A documentation assistant that answers with citations.',
        maxLength: 200,
        // Written into TOML, JSON and YAML strings: no quotes, backslashes or control characters.
        pattern: '^[^"\\\\\\x00-\\x1f]+$',
        patternHint: 'one line without double quotes or backslashes',
      },
      { type: 'input', name: 'owner', message: 'Owning team or person (recorded in release metadata)', default: 'ml-platform', pattern: '^[A-Za-z0-9][A-Za-z0-9 ._@-]*$', patternHint: 'letters, digits, spaces and . _ @ -' },
      { type: 'input', name: 'assistantName', message: 'Name of the assistant (its releases live in models/<name>/)', default: 'assistant', pattern: NAME_PATTERN, patternHint: 'lowercase letters, digits and single hyphens', maxLength: 64 },
      { type: 'list', name: 'license', message: 'License', choices: ['Apache-2.0', 'MIT', 'proprietary'], default: 'Apache-2.0' },
      { type: 'confirm', name: 'serving', message: 'Serve answers over HTTP (/healthz, /ask) from the image?', default: true },
      { type: 'input', name: 'baseImage', message: 'Hardened runtime base image, pinned by digest', default: IMAGE_REFS.runtime, pattern: PINNED_PATTERN, patternHint: 'an image reference pinned by digest: REF@sha256:<64 hex>' },
      { type: 'input', name: 'devImage', message: 'Hardened dev/build base image, pinned by digest', default: IMAGE_REFS.dev, pattern: PINNED_PATTERN, patternHint: 'an image reference pinned by digest: REF@sha256:<64 hex>' },
      { type: 'list', name: 'provider', message: 'LLM provider the assistant calls', choices: ['openai-compatible', 'offline'], default: 'openai-compatible' },
      { type: 'input', name: 'model', message: 'Model name sent to the provider', default: 'gpt-4o-mini', pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$', patternHint: 'letters, digits and . _ : / -', maxLength: 100, examples: ['llama3.1:8b'] },
      { type: 'input', name: 'apiBaseUrl', message: 'Base URL of the OpenAI-compatible API', default: 'https://api.openai.com/v1', pattern: '^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$', patternHint: 'an http(s) URL without credentials, query or fragment', examples: ['http://localhost:11434/v1'] },
      { type: 'input', name: 'apiKeySecret', message: 'Name of the secret holding the API key (the name only, never the key)', default: 'OPENAI_API_KEY', pattern: '^[A-Z][A-Z0-9_]*$', patternHint: 'an environment variable name in capitals, e.g. OPENAI_API_KEY' },
    ],
    // Values computed from the answers; never asked, never recorded as answers.
    derive: (answers) => ({ moduleName: String(answers.projectName).replace(/-/g, '_') }),
    actions: (answers) => [
      {
        type: 'addMany',
        destination: '.',
        base: TEMPLATES,
        templateFiles: `${TEMPLATES}/**`,
        // Serving code and its tests only when the project serves; ignore globs carry the templateFiles prefix.
        globOptions: { dot: true, ignore: answers.serving ? [] : [`${TEMPLATES}/**/serve.py.hbs`, `${TEMPLATES}/**/test_serve.py.hbs`] },
      },
    ],
  })
}
