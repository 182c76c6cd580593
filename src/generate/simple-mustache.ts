// A fast path for the most common template: only `{{name}}` / `{{{name}}}` lookups of answers. Handlebars
// renders those as an escaped or raw string with no whitespace control, so a substitution gives the same
// bytes without a compile (about 1 ms a file). Anything else returns undefined and goes to handlebars.

const SIMPLE = /\{\{(\{?)\s*([A-Za-z_$][\w$]*)\s*(\}?)\}\}/g
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' }

/** Handlebars' escapeExpression for the value types answers have. */
function escapeExpression(value: unknown): string {
  if (value === null || value === undefined) return ''
  return String(value).replace(/[&<>"'`=]/g, (character) => ESCAPES[character] as string)
}

/** Renders `template` when it uses only simple lookups of keys present in `data`; otherwise undefined. */
export function renderSimpleMustaches(template: string, data: Record<string, unknown>, isHelper: (name: string) => boolean): string | undefined {
  if (template.includes('\\{{')) return undefined
  let simpleCount = 0
  let unsupported = false
  const rendered = template.replace(SIMPLE, (_match, open: string, name: string, close: string) => {
    simpleCount++
    if (open.length !== close.length || isHelper(name) || !Object.hasOwn(data, name)) unsupported = true
    const value = data[name]
    return open ? (value === null || value === undefined ? '' : String(value)) : escapeExpression(value)
  })
  // Every `{{` must have been one of the simple lookups; blocks, helpers, partials and comments are not.
  if (unsupported || simpleCount !== template.split('{{').length - 1) return undefined
  return rendered
}
