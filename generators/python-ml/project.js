import { NAME_PATTERN, ciQuestion, codeScanningQuestion, descriptionQuestion, imageQuestions, licenseQuestion, ownerQuestion } from '../shared/questions.js'
import { projectFiles } from '../shared/project-files.js'

// `opsmith new --template python-ml`: a complete, production-grade ML project, over python-base.
// Questions are plain inquirer-style objects: opsmith asks them with @inquirer/prompts,
// maps each to a flag (--set name=value) and exports them as JSON Schema (--schema).

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
      descriptionQuestion('A machine learning project.'),
      ownerQuestion('Owning team or person (recorded in model metadata)'),
      { type: 'input', name: 'modelName', message: 'Name of the first model', default: 'classifier', pattern: NAME_PATTERN, patternHint: 'lowercase letters, digits and single hyphens', maxLength: 64 },
      licenseQuestion,
      { type: 'confirm', name: 'serving', message: 'Serve predictions over HTTP from the image?', default: true },
      ...imageQuestions(),
      codeScanningQuestion,
      ciQuestion,
    ],
    // Serving code and its tests only when the project serves.
    actions: (answers) => [projectFiles('../../templates/python-ml/project', answers, ['serve', 'telemetry', 'reloader', 'test_serve', 'test_telemetry'])],
  })
}
