import rule from '../../../src/conform/rules/dockerfile-no-sudo.js'
import { ruleTester } from '../helpers.js'

ruleTester(rule, {
  valid: [{ name: 'no sudo; a word containing sudo', files: { Dockerfile: 'FROM a:1\nRUN echo pseudo-random && apt-get remove -y sudo-ldap\n' } }],
  invalid: [{ name: 'sudo', files: { Dockerfile: 'FROM a:1\nUSER 1000\nRUN sudo apt-get update\n' }, errors: [{ file: 'Dockerfile', line: 3 }] }],
})
