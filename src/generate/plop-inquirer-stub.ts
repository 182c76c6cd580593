// The bundle replaces node-plop's `inquirer` import with this module (esbuild --alias): opsmith asks questions
// itself with @inquirer/prompts, and loading plop's inquirer costs about a third of start-up time.
function unavailable(): never {
  throw new Error('plop prompts are not available in opsmith: questions are asked by opsmith itself')
}

export default { prompt: unavailable, createPromptModule: unavailable, registerPrompt: (): void => undefined }
