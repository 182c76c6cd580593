import { NAME_PATTERN, ciQuestion, codeScanningQuestion, descriptionQuestion, imageQuestions, licenseQuestion, ownerQuestion } from '../shared/questions.js'
import { projectFiles } from '../shared/project-files.js'

// `opsmith new --template python-llm`: a documentation Q&A assistant that is versioned, evaluated,
// costed and red-teamed from day one, over python-base. Questions are plain inquirer-style objects (see python-ml).

const TEMPLATES = '../../templates/python-llm/project'

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  plop.setGenerator('project', {
    description: 'A Python LLM application: documentation Q&A with citations, prompts, evals, red team, drift',
    prompts: [
      { type: 'input', name: 'projectName', message: 'Project name', pattern: NAME_PATTERN, patternHint: 'lowercase letters, digits and single hyphens, starting with a letter (e.g. docs-assistant)', maxLength: 64 },
      descriptionQuestion('A documentation assistant that answers with citations.'),
      ownerQuestion('Owning team or person (recorded in release metadata)'),
      { type: 'input', name: 'assistantName', message: 'Name of the assistant (its releases live in models/<name>/)', default: 'assistant', pattern: NAME_PATTERN, patternHint: 'lowercase letters, digits and single hyphens', maxLength: 64 },
      licenseQuestion,
      { type: 'confirm', name: 'serving', message: 'Serve answers over HTTP (/healthz, /ask) from the image?', default: true },
      ...imageQuestions(),
      codeScanningQuestion,
      ciQuestion,
      { type: 'list', name: 'provider', message: 'LLM provider the assistant calls', choices: ['openai-compatible', 'offline'], default: 'openai-compatible' },
      { type: 'input', name: 'model', message: 'Model name sent to the provider', default: 'gpt-4o-mini', pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$', patternHint: 'letters, digits and . _ : / -', maxLength: 100, examples: ['llama3.1:8b'] },
      { type: 'input', name: 'apiBaseUrl', message: 'Base URL of the OpenAI-compatible API', default: 'https://api.openai.com/v1', pattern: '^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$', patternHint: 'an http(s) URL without credentials, query or fragment', examples: ['http://localhost:11434/v1'] },
      { type: 'input', name: 'apiKeySecret', message: 'Name of the secret holding the API key (the name only, never the key)', default: 'OPENAI_API_KEY', pattern: '^[A-Z][A-Z0-9_]*$', patternHint: 'an environment variable name in capitals, e.g. OPENAI_API_KEY' },
    ],
    // python-base's shared files branch on `llm` where the two packs differ (moduleName comes from python-base).
    derive: () => ({ llm: true }),
    // Serving code and its tests only when the project serves.
    actions: (answers) => [projectFiles(TEMPLATES, answers, ['serve', 'telemetry', 'reloader', 'test_serve', 'test_telemetry'])],
  })
}
