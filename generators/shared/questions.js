// Questions the built-in Python packs share, so their wording, validation and defaults stay one thing.
import { readFileSync } from 'node:fs'

export const NAME_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'
const PINNED_PATTERN = '^[a-z0-9][a-z0-9._/:-]*@sha256:[a-f0-9]{64}$'

// The images the packs build FROM: the organisation's defaults from the environment
// (OPSMITH_DEBIAN_IMAGE, OPSMITH_BASE_IMAGE, OPSMITH_DEV_IMAGE), else images/refs.json.
const PUBLISHED = JSON.parse(readFileSync(new URL('../../images/refs.json', import.meta.url), 'utf8'))

/**
 * `description`: written into TOML, JSON and YAML strings, so no quotes, backslashes or control characters; and into
 * the Dockerfile's image LABEL, where Docker expands `$NAME` and `${NAME}` (`costs $5 per ${HOME}` became
 * `costs  per ` in the image's metadata), so no `$` either.
 */
export function descriptionQuestion(defaultText) {
  return {
    type: 'input',
    name: 'description',
    message: 'One-line description',
    default: defaultText,
    maxLength: 200,
    pattern: '^[^"\\\\$\\x00-\\x1f]+$',
    patternHint: 'one line without double quotes, backslashes or $',
  }
}

/** `owner`: the team or person recorded in model or release metadata. */
export function ownerQuestion(message) {
  return { type: 'input', name: 'owner', message, default: 'ml-platform', pattern: '^[A-Za-z0-9][A-Za-z0-9 ._@-]*$', patternHint: 'letters, digits, spaces and . _ @ -' }
}

export const licenseQuestion = { type: 'list', name: 'license', message: 'License', choices: ['Apache-2.0', 'MIT', 'proprietary'], default: 'Apache-2.0' }

/**
 * `debianImage`: the Debian image the project's Dockerfile builds its dev and runtime stages from.
 * `baseImage` and `devImage`: a platform team's prebuilt images that replace those stages; empty
 * (the default unless a pack or the environment names them) builds them in the project.
 */
export function imageQuestions() {
  const pinned = { type: 'input', pattern: PINNED_PATTERN, patternHint: 'an image reference pinned by digest: REF@sha256:<64 hex>' }
  const optional = { type: 'input', pattern: `^$|${PINNED_PATTERN}`, patternHint: 'empty (build it from debianImage) or an image reference pinned by digest: REF@sha256:<64 hex>' }
  return [
    { ...pinned, name: 'debianImage', message: 'Debian base image the Dockerfile builds from, pinned by digest', default: process.env.OPSMITH_DEBIAN_IMAGE || PUBLISHED.debian },
    { ...optional, name: 'baseImage', message: 'Prebuilt runtime image replacing the built one (empty: build it)', default: process.env.OPSMITH_BASE_IMAGE ?? PUBLISHED.runtime },
    { ...optional, name: 'devImage', message: 'Prebuilt dev image replacing the built one (empty: build it)', default: process.env.OPSMITH_DEV_IMAGE ?? PUBLISHED.dev },
  ]
}

/** `codeScanning`: GitHub code scanning is on (public repositories, or GitHub Advanced Security). */
export const codeScanningQuestion = {
  type: 'confirm',
  name: 'codeScanning',
  message: 'Upload SARIF to GitHub code scanning? (no: keep it as a workflow artifact, e.g. private repositories without it)',
  default: true,
}

/** `ci`: the CI system the pipelines are written for: GitHub Actions, GitLab CI/CD, or both. */
export const ciQuestion = {
  type: 'list',
  name: 'ci',
  message: 'CI the pipelines are written for (github: .github/workflows, gitlab: .gitlab-ci.yml, both)',
  choices: ['github', 'gitlab', 'both'],
  default: 'github',
}

/**
 * The `addMany` ignore globs (with the templateFiles prefix `templates`) that leave out the other CI system's
 * files: .github/ (workflows and dependabot.yml) without GitHub, .gitlab-ci.yml without GitLab. A project
 * recorded before the question existed has no `ci` answer: GitHub, as it was generated.
 */
export function ciIgnores(templates, ci = 'github') {
  return [
    ...(ci === 'gitlab' ? [`${templates}/.github/**`] : []),
    ...(ci === 'github' ? [`${templates}/.gitlab-ci.yml.hbs`] : []),
  ]
}
