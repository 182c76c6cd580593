import { NAME_PATTERN, licenseQuestion, ownerQuestion } from '../shared/questions.js'
import { projectFiles } from '../shared/project-files.js'

// The files python-ml and python-llm share. Where they differ, a template branches on `llm`, which python-llm
// derives. Packs that extend python-base ask these questions again in their own order and wording (a child's
// question replaces its parent's of the same name) and derive nothing it already derives (moduleName).

const TEMPLATES = '../../templates/python-base/project'

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  plop.setGenerator('project', {
    description: 'Files the built-in Python packs share: Dockerfile, dev container, CI and security workflows, Makefile, pyproject, licence, model schema, settings',
    prompts: [
      { type: 'input', name: 'projectName', message: 'Project name', pattern: NAME_PATTERN, patternHint: 'lowercase letters, digits and single hyphens, starting with a letter', maxLength: 64 },
      ownerQuestion('Owning team or person'),
      licenseQuestion,
    ],
    // `github` / `gitlab`: which CI the docs and comments name (the `ci` answer of python-ml and python-llm; GitHub without it).
    derive: (answers) => ({
      moduleName: String(answers.projectName).replace(/-/g, '_'),
      github: answers.ci !== 'gitlab',
      gitlab: answers.ci === 'gitlab' || answers.ci === 'both',
    }),
    actions: (answers) => [projectFiles(TEMPLATES, answers, ['metrics'])],
  })
}
