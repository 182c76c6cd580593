// The one addMany action of the built-in Python packs' project generators.
import { ciIgnores } from './questions.js'

/**
 * All of a pack's project templates; the modules and tests named in `servingOnly` (base names, without
 * `.py.hbs`) only when the project serves over HTTP; .github/ and .gitlab-ci.yml as the `ci` answer says.
 * @param {string} templates the pack's template folder, relative to its plopfile
 * @param {Record<string, unknown>} answers
 * @param {string[]} servingOnly
 */
export function projectFiles(templates, answers, servingOnly) {
  return {
    type: 'addMany',
    destination: '.',
    base: templates,
    templateFiles: `${templates}/**`,
    // Ignore globs are matched like templateFiles: relative to the plopfile, so they carry the same prefix.
    globOptions: {
      dot: true,
      ignore: [...(answers.serving ? [] : servingOnly.map((name) => `${templates}/**/${name}.py.hbs`)), ...ciIgnores(templates, answers.ci)],
    },
  }
}
