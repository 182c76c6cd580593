import type { ValidateFunction } from 'ajv'

// Run from source, nothing is precompiled: callers compile their schema with Ajv. The bundle built by
// .ci/build.mjs replaces this module with validators compiled there (Ajv standalone code), so the CLI neither
// loads Ajv nor compiles a schema at run time; keep these exports in step with that replacement.

/** The validator .ci/build.mjs precompiled under `name` ('record', 'manifest', 'fleet', 'conformReport'), if any. */
export function precompiledValidator(_name: string): ValidateFunction | undefined {
  return undefined
}

/** The precompiled validator of the built-in schema whose JSON text is exactly `text` (a project's unedited copy). */
export function precompiledValidatorOf(_text: string): ValidateFunction | undefined {
  return undefined
}
