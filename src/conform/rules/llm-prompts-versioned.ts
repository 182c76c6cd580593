import { isSeq } from 'yaml'
import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import type { Repo } from '../repo.js'
import { sortByLocation, isLlmProject, promptFiles, promptPath, PROMPTS_REGISTRY, type PromptFile } from '../parse/llm-project.js'
import { frontMatterLine, parsePrompt, placeholdersOf, type ParsedPrompt } from '../parse/llm-prompt.js'
import { itemsOf, lineOfNode, pairOf, pairsOf, readYaml, scalarText } from '../parse/yaml.js'

export default defineRule({
  id: 'llm-prompts-versioned',
  description: 'Prompts are versioned files prompts/<id>/<MAJOR.MINOR.PATCH>.md with valid front matter, declared variables and registry aliases that resolve',
  severity: 'error',
  refs: ['MLflow:prompt-registry', 'MLflow:prompt-alias', 'GTO:tag-grammar'],
  profile: 'llm',
  docs: {
    why: 'Prompts edited in place cannot be evaluated, compared or rolled back. Every file under `prompts/<id>/` must be `<MAJOR.MINOR.PATCH>.md` with a kebab-case id; its YAML front matter must hold `id` and `version` equal to the folder and file name, a `model` and a `variables` list; every placeholder of the body (`{name}`, `{{ name }}`, `$name` or `${name}`; `$$` is a literal dollar) must be declared, and every declared variable used. Aliases in prompts/registry.yaml must point at existing, non-deprecated versions; a missing registry is reported.',
    fix: 'Rename the file, fix the front matter on the reported line, or point the alias at a supported version.',
    examples: { language: 'markdown', bad: '<!-- prompts/answer.md -->\nAnswer the question: {{question}}', good: '<!-- prompts/answer/1.0.0.md -->\n---\nid: answer\nversion: 1.0.0\nmodel: gpt-4o-mini\nvariables: [question]\n---\nAnswer the question: {{question}}' },
  },
  async check({ repo, project }) {
    if (!isLlmProject(repo, project.record)) return []
    const findings: RuleFinding[] = []
    const versions = new Set<string>()
    for (const prompt of promptFiles(repo)) {
      if (!prompt.valid) {
        findings.push({ file: prompt.file, ...WHOLE_FILE, message: `${prompt.file} is not a prompt version: prompts live in prompts/<id>/<MAJOR.MINOR.PATCH>.md with a kebab-case id (e.g. prompts/answer/1.0.0.md); rename or move it.` })
        continue
      }
      versions.add(prompt.file)
      findings.push(...(await checkPrompt(repo, prompt)))
    }
    findings.push(...(await checkRegistry(repo, versions)))
    return sortByLocation(findings)
  },
})

async function checkPrompt(repo: Repo, prompt: PromptFile): Promise<RuleFinding[]> {
  const { file } = prompt
  const text = await repo.read(file)
  if (text === undefined) return []
  const parsed = parsePrompt(file, text)
  if ('problem' in parsed) return [{ file, ...WHOLE_FILE, message: `${file} ${parsed.problem}: start it with \`---\`, the id, version, model and variables, then \`---\`.` }]
  const { frontMatter } = parsed
  if (frontMatter.error) return [{ file, line: (frontMatter.errorAt?.line ?? 0) + 1, column: frontMatter.errorAt?.column, message: `The front matter of ${file} does not parse (${frontMatter.error}): fix the YAML.` }]
  const root = frontMatter.root
  const findings: RuleFinding[] = []
  const expected: Record<string, string> = { id: prompt.id, version: prompt.version }
  for (const [key, value] of Object.entries(expected)) {
    const pair = pairOf(root, key)
    if (scalarText(pair?.value) === value) continue
    findings.push({ file, line: pair ? frontMatterLine(parsed, pair) : 1, message: `${file} must declare \`${key}: ${value}\` in its front matter (the ${key === 'id' ? 'folder' : 'file name'} says so): fix the front matter or move the file.` })
  }
  const model = pairOf(root, 'model')
  if (!scalarText(model?.value)) {
    findings.push({ file, line: model ? frontMatterLine(parsed, model) : 1, message: `${file} must name the \`model\` it was written and evaluated for in its front matter.` })
  }
  return [...findings, ...checkVariables(parsed, file)]
}

// Declared and used variables must agree: the renderer refuses missing ones, and an unused one is a stale contract.
function checkVariables(parsed: ParsedPrompt, file: string): RuleFinding[] {
  const variables = pairOf(parsed.frontMatter.root, 'variables')
  if (!variables || !isSeq(variables.value)) {
    return [{ file, line: variables ? frontMatterLine(parsed, variables) : 1, message: `${file} must list its placeholders under \`variables:\` in the front matter (an empty list when it has none).` }]
  }
  const findings: RuleFinding[] = []
  const declared = new Map<string, number>()
  for (const item of itemsOf(variables.value)) declared.set(scalarText(item) ?? '', frontMatterLine(parsed, item))
  const used = placeholdersOf(parsed)
  for (const [name, line] of used) {
    if (!declared.has(name)) findings.push({ file, line, message: `${file} uses the placeholder \`${name}\` but does not declare it: add \`${name}\` to \`variables\` in the front matter.` })
  }
  for (const [name, line] of declared) {
    if (!used.has(name)) findings.push({ file, line, message: `${file} declares the variable \`${name}\` but its body never uses it: remove it from \`variables\` or use it.` })
  }
  return findings
}

async function checkRegistry(repo: Repo, versions: Set<string>): Promise<RuleFinding[]> {
  const registry = await readYaml(repo, PROMPTS_REGISTRY)
  if (!registry) return [{ file: PROMPTS_REGISTRY, ...WHOLE_FILE, message: `${PROMPTS_REGISTRY} is missing: add it with \`prompts: { <id>: { aliases: { production: "1.0.0" }, deprecated: [] } }\` so code loads prompts by alias.` }]
  if (registry.error) return [{ file: PROMPTS_REGISTRY, line: registry.errorAt?.line ?? 1, column: registry.errorAt?.column, message: `${PROMPTS_REGISTRY} does not parse (${registry.error}): fix the YAML.` }]
  const findings: RuleFinding[] = []
  for (const prompt of pairsOf(pairOf(registry.root, 'prompts')?.value)) {
    const id = scalarText(prompt.key) ?? ''
    const deprecated = new Set(itemsOf(pairOf(prompt.value, 'deprecated')?.value).map((item) => scalarText(item)))
    for (const alias of pairsOf(pairOf(prompt.value, 'aliases')?.value)) {
      const name = scalarText(alias.key) ?? ''
      const version = scalarText(alias.value) ?? ''
      const at = { file: PROMPTS_REGISTRY, line: lineOfNode(registry, alias) }
      if (!versions.has(promptPath(id, version))) {
        findings.push({ ...at, message: `Alias ${id}@${name} points at ${version}, but ${promptPath(id, version)} does not exist: point it at an existing prompt version.` })
      } else if (deprecated.has(version)) {
        findings.push({ ...at, message: `Alias ${id}@${name} points at ${version}, which is deprecated: move the alias to a supported version.` })
      }
    }
  }
  return findings
}
