import { markdownCell } from '../conform/report/markdown.js'
import type { FleetDocument, FleetRepository } from './document.js'

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
const STATUS_COLOURS: Record<FleetRepository['status'], string> = { ok: '#1a7f37', failing: '#cf222e', error: '#9a6700' }

/** Horizontal bar chart as inline SVG: one bar per row, labels left, values right. */
function barChart(rows: Array<{ label: string; value: number; colour?: string }>, title: string): string {
  if (rows.length === 0) return '<p class="empty">Nothing to show.</p>'
  const max = Math.max(...rows.map((row) => row.value), 1)
  const height = rows.length * 26 + 8
  const bars = rows.map((row, index) => {
    const y = index * 26 + 4
    const width = Math.max(2, Math.round((row.value / max) * 420))
    return `<text x="0" y="${y + 15}" class="label">${escape(row.label)}</text><rect x="250" y="${y}" width="${width}" height="20" rx="3" fill="${row.colour ?? '#0969da'}"/><text x="${256 + width}" y="${y + 15}" class="value">${row.value}</text>`
  })
  return `<svg role="img" aria-label="${escape(title)}" width="720" height="${height}" viewBox="0 0 720 ${height}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>`
}

function delta(now: number, before: number | undefined): string {
  if (before === undefined || now === before) return ''
  const sign = now > before ? '+' : '−'
  return ` <span class="delta ${now > before ? 'up' : 'down'}">${sign}${Math.abs(now - before)}</span>`
}

function summary(document: FleetDocument, previous?: FleetDocument): string {
  const t = document.totals
  const p = previous?.totals
  const tile = (label: string, value: number, before: number | undefined, cls = '') => `<div class="tile ${cls}"><div class="n">${value}${delta(value, before)}</div><div>${label}</div></div>`
  return `<section id="summary"><h2>Summary</h2><div class="tiles">${[
    tile('repositories', t.repositories, p?.repositories),
    tile('conform', t.ok, p?.ok, 'ok'),
    tile('failing', t.failing, p?.failing, 'failing'),
    tile('could not be checked', t.error, p?.error, 'error'),
    tile('errors', t.findings.error, p?.findings.error),
    tile('warnings', t.findings.warning, p?.findings.warning),
  ].join('')}</div></section>`
}

function adoption(document: FleetDocument): string {
  const counts = new Map<string, number>()
  for (const repository of document.repositories) {
    const top = repository.packs.at(-1)
    const key = top ? `${top.id}@${top.version}` : 'no pack'
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const rows = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([label, value]) => ({ label, value, colour: label === 'no pack' ? '#8c959f' : '#0969da' }))
  const behind = document.repositories.filter((repository) => repository.behind !== null).length
  return `<section id="adoption"><h2>Pack adoption</h2><p>${behind} repositor${behind === 1 ? 'y is' : 'ies are'} behind the newest version of its pack.</p>${barChart(rows, 'Repositories per pack and version')}</section>`
}

function failingRules(document: FleetDocument): string {
  const repos = new Map<string, number>()
  for (const repository of document.repositories) for (const rule of Object.keys(repository.rules)) repos.set(rule, (repos.get(rule) ?? 0) + 1)
  const rows = [...repos].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 15).map(([label, value]) => ({ label, value, colour: '#cf222e' }))
  return `<section id="rules"><h2>Rules failing most</h2><p>Repositories with at least one finding of the rule.</p>${barChart(rows, 'Repositories per failing rule')}</section>`
}

// One id per repository, kept readable: `_` doubled, any other character but letters, digits and `-` as `_<hex>_`
// (mapping them all to `_` gave `acme/a.b` and `acme/a_b` one id, and both rows led to the first's details).
const anchor = (name: string) => `repo-${name.replace(/[^A-Za-z0-9-]/g, (char) => (char === '_' ? '__' : `_${char.charCodeAt(0).toString(16)}_`))}`

function repositoryTable(document: FleetDocument, previous?: FleetDocument): string {
  const before = new Map(previous?.repositories.map((repository) => [repository.name, repository]))
  const sorted = [...document.repositories].sort((a, b) => b.counts.error - a.counts.error || b.counts.warning - a.counts.warning || (a.name < b.name ? -1 : 1))
  const rows = sorted.map((repository) => {
    const old = before.get(repository.name)
    const packs = repository.packs.map((pack) => `${pack.id}@${pack.version}`).join(' › ') || '—'
    return `<tr class="${repository.status}"><td><a href="#${anchor(repository.name)}">${escape(repository.name)}</a>${previous && !old ? ' <span class="new">new</span>' : ''}</td><td><span class="status" style="background:${STATUS_COLOURS[repository.status]}">${repository.status}</span></td><td>${escape(packs)}</td><td class="num">${repository.counts.error}${delta(repository.counts.error, old?.counts.error)}</td><td class="num">${repository.counts.warning}${delta(repository.counts.warning, old?.counts.warning)}</td><td>${repository.behind ? `behind (${escape(repository.behind)})` : ''}</td><td class="num">${repository.templateDrift || ''}</td><td class="num">${(repository.durationMs / 1000).toFixed(1)} s</td></tr>`
  })
  return `<section id="repositories"><h2>Repositories</h2><table><thead><tr><th>repository</th><th>status</th><th>packs</th><th>errors</th><th>warnings</th><th>pack version</th><th>drifted files</th><th>time</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
}

function drillDown(document: FleetDocument): string {
  const blocks = document.repositories.map((repository) => {
    const body = repository.error
      ? `<p class="error-text">${escape(repository.error)}</p>`
      : repository.findings.length === 0
        ? '<p>No findings.</p>'
        : `<ul>${repository.findings.map((finding) => `<li><span class="sev ${escape(finding.severity)}">${escape(finding.severity)}</span> <code>${escape(finding.rule)}</code> ${finding.file ? `<code>${escape(finding.file)}${finding.line ? `:${finding.line}` : ''}</code> ` : ''}${escape(finding.message)}</li>`).join('')}</ul>`
    return `<details id="${anchor(repository.name)}"><summary>${escape(repository.name)} — ${repository.counts.error} errors, ${repository.counts.warning} warnings${repository.profiles.length ? ` · profiles ${escape(repository.profiles.join(', '))}` : ''}</summary>${body}</details>`
  })
  return `<section id="details"><h2>Per repository</h2>${blocks.join('')}</section>`
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1f2328;max-width:1100px}h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d0d7de}
.tiles{display:flex;gap:12px;flex-wrap:wrap}.tile{border:1px solid #d0d7de;border-radius:6px;padding:10px 16px;min-width:120px}.tile .n{font-size:24px;font-weight:600}
.tile.ok .n{color:#1a7f37}.tile.failing .n{color:#cf222e}.tile.error .n{color:#9a6700}.delta{font-size:13px}.delta.up{color:#cf222e}.delta.down{color:#1a7f37}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2}td.num{text-align:right}
.status{color:#fff;border-radius:10px;padding:1px 8px;font-size:12px}.new{font-size:11px;color:#0969da}svg .label{font-size:12px}svg .value{font-size:12px}
details{margin:4px 0}summary{cursor:pointer}.sev{font-size:11px;border-radius:4px;padding:0 4px;background:#eaeef2}.sev.error{background:#ffebe9}.sev.warning{background:#fff8c5}.error-text{color:#9a6700}`

// A link to a repository opens its drill-down (a closed <details> does not open on its own).
const OPEN_TARGET = `function openTarget(){var el=location.hash&&document.getElementById(location.hash.slice(1));if(el&&el.tagName==='DETAILS')el.open=true}addEventListener('hashchange',openTarget);openTarget()`

/** A self-contained HTML dashboard of a fleet document (inline CSS and SVG, a two-line script, no network). */
export function renderDashboard(document: FleetDocument, previous?: FleetDocument): string {
  const title = `opsmith fleet: ${document.totals.repositories} repositories`
  const trend = previous ? `<p>Compared with the scan of ${escape(previous.createdAt)}.</p>` : ''
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title><style>${STYLE}</style></head><body><h1>${escape(title)}</h1><p>Scanned ${escape(document.createdAt)} by opsmith ${escape(document.tool.version)}.</p>${trend}${summary(document, previous)}${adoption(document)}${failingRules(document)}${repositoryTable(document, previous)}${drillDown(document)}<script>${OPEN_TARGET}</script></body></html>\n`
}

/** Markdown for a CI job summary: the totals and the ten repositories with the most errors. */
export function renderMarkdownSummary(document: FleetDocument): string {
  const t = document.totals
  const lines = [`### opsmith fleet: ${t.repositories} repositories`, '', `| conform | failing | could not be checked | errors | warnings |`, '|---|---|---|---|---|', `| ${t.ok} | ${t.failing} | ${t.error} | ${t.findings.error} | ${t.findings.warning} |`, '']
  const worst = [...document.repositories].filter((repository) => repository.status !== 'ok').sort((a, b) => b.counts.error - a.counts.error).slice(0, 10)
  if (worst.length > 0) {
    lines.push('| repository | status | errors | warnings |', '|---|---|---|---|')
    for (const repository of worst) lines.push(`| ${markdownCell(repository.name)} | ${repository.status} | ${repository.counts.error} | ${repository.counts.warning} |`)
  }
  return `${lines.join('\n')}\n`
}
