import Handlebars from 'handlebars'
import { describe, expect, it } from 'vitest'
import { renderSimpleMustaches } from '../../src/generate/simple-mustache.js'

const DATA = { name: 'my-model', text: `a <b> & "c" 'd' \`e\` =f`, flag: false, count: 3, empty: '' }
const isHelper = (name: string) => name in Handlebars.helpers

describe('renderSimpleMustaches', () => {
  it.each([
    'plain {{name}} and {{ name }}',
    'escaped {{text}}, raw {{{text}}}',
    'values: {{flag}} {{{flag}}} {{count}} [{{empty}}]',
    'import {{name}}.train\n\n{{name}}',
  ])('renders exactly as handlebars: %s', (template) => {
    expect(renderSimpleMustaches(template, DATA, isHelper)).toBe(Handlebars.compile(template)(DATA))
  })

  it.each([
    '{{#if flag}}x{{/if}}',
    '{{> partial}}',
    '{{! comment }}',
    '\\{{name}}',
    '{{~name}}',
    '{{lookup . "name"}}',
    '{{missing}}',
    '{{log}}',
    '{{{name}}',
  ])('leaves %s to handlebars', (template) => {
    expect(renderSimpleMustaches(template, DATA, isHelper)).toBeUndefined()
  })
})
