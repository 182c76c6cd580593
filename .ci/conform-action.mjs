#!/usr/bin/env node
// The script of the GitHub Action in action.yml (runnable anywhere: it reads the INPUT_* variables GitHub sets).
// Runs `opsmith conform` once for the findings (JSON) and once for the report in the requested format, writes
// a job summary, sets the outputs, and fails when a finding reaches the fail level.
// INPUT_VERSION: create-opsmith version to run (default: this action's own version); `local` runs this checkout's
// dist/ (after `npm run build`).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const ACTION = path.resolve(import.meta.dirname, '..')
const LEVELS = { error: ['error'], warning: ['error', 'warning'], none: [] }

function input(name, fallback) {
  const value = process.env[`INPUT_${name.replace(/[- ]/g, '_').toUpperCase()}`]?.trim()
  return value ? value : fallback
}

function opsmithCommand(version) {
  if (version === 'local') return [process.execPath, path.join(ACTION, 'dist/bin/opsmith.js')]
  return ['npm', 'exec', '--yes', `--package=create-opsmith@${version}`, '--', 'opsmith']
}

/** Runs conform; exit 0 (clean) and 1 (findings) are both results, anything else is a failure to report. */
function conform(command, args) {
  const [bin, ...rest] = command
  const result = spawnSync(bin, [...rest, 'conform', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`opsmith conform ${args.join(' ')} failed (exit ${result.status ?? result.signal}): ${result.stderr.trim() || result.error?.message}`)
  }
  return result.stdout
}

function escapeCell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function summary(findings, failing, target) {
  const counts = ['error', 'warning', 'info'].map((severity) => `${findings.filter((f) => f.severity === severity).length} ${severity}`)
  const lines = [`## opsmith conform: ${target}`, '', `${findings.length} finding(s): ${counts.join(', ')}; ${failing.length} at the fail level.`, '']
  if (findings.length > 0) {
    lines.push('| severity | rule | location | message |', '|---|---|---|---|')
    for (const f of findings) {
      const where = f.file ? `\`${f.file}${f.line ? `:${f.line}` : ''}\`` : ''
      lines.push(`| ${f.severity} | [${f.rule}](${f.docs ?? '#'}) | ${where} | ${escapeCell(f.message)} |`)
    }
  }
  return `${lines.join('\n')}\n`
}

function setOutput(name, value) {
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`)
}

try {
  const target = input('path', '.')
  const format = input('format', 'sarif')
  const failLevel = input('fail-level', 'error')
  const version = input('version', JSON.parse(fs.readFileSync(path.join(ACTION, 'package.json'), 'utf8')).version)
  if (!(failLevel in LEVELS)) throw new Error(`fail-level must be error, warning or none, got "${failLevel}"`)
  if (!fs.existsSync(target)) throw new Error(`path ${target} does not exist`)
  const command = opsmithCommand(version)

  const findings = JSON.parse(conform(command, [target, '--format', 'json'])).findings
  const report = path.resolve(input('output', `opsmith-conform.${{ sarif: 'sarif', json: 'json', gitlab: 'gitlab.json' }[format] ?? 'txt'}`))
  conform(command, [target, '--format', format, '--output', report])
  const failing = findings.filter((f) => LEVELS[failLevel].includes(f.severity))

  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary(findings, failing, target))
  setOutput('report', report)
  setOutput('findings', findings.length)
  setOutput('failing', failing.length)
  for (const f of failing) {
    // Workflow commands annotate the files on the pull request even without code scanning.
    const where = f.file ? ` file=${f.file},line=${f.line ?? 1}` : ''
    console.log(`::${f.severity === 'error' ? 'error' : 'warning'}${where},title=${f.rule}::${f.message}`)
  }
  console.log(`opsmith conform: ${findings.length} finding(s), ${failing.length} at fail level "${failLevel}"; report: ${report}`)
  process.exitCode = failing.length > 0 ? 1 : 0
} catch (error) {
  console.log(`::error title=opsmith conform::${error.message}`)
  process.exitCode = 2
}
