import { NAME_PATTERN, licenseQuestion, ownerQuestion } from '../shared/questions.js'

// The files python-ml and python-llm share, byte for byte. Packs that extend python-base ask these questions
// again in their own order and wording (a child's question replaces its parent's of the same name).

const TEMPLATES = '../../templates/python-base/project'

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  plop.setGenerator('project', {
    description: 'Files the built-in Python packs share: licence, security workflows, model schema, settings',
    prompts: [
      { type: 'input', name: 'projectName', message: 'Project name', pattern: NAME_PATTERN, patternHint: 'lowercase letters, digits and single hyphens, starting with a letter', maxLength: 64 },
      ownerQuestion('Owning team or person'),
      licenseQuestion,
    ],
    derive: (answers) => ({ moduleName: String(answers.projectName).replace(/-/g, '_') }),
    actions: [{ type: 'addMany', destination: '.', base: TEMPLATES, templateFiles: `${TEMPLATES}/**`, globOptions: { dot: true } }],
  })
}
