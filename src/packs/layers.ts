import type { PackManifest } from './manifest.js'

/** A pack's layers, root first: the packs it extends (through `extends`), then itself. */
export function packLayers<T extends { parent?: T }>(pack: T): T[] {
  const layers: T[] = []
  for (let layer: T | undefined = pack; layer; layer = layer.parent) layers.unshift(layer)
  return layers
}

/**
 * The effective manifest of a pack that extends another: the child's id, description and plopfile; policy rules
 * merged (the child's setting of a rule wins), required files united; ownership decided by the nearest layer
 * that names a path. Migrations stay per layer: each runs when its own layer crosses its version.
 */
export function mergeManifests(child: PackManifest, parent: PackManifest): PackManifest {
  const requiredFiles = [...new Set([...(parent.policy.requiredFiles ?? []), ...(child.policy.requiredFiles ?? [])])]
  const rules = { ...parent.policy.rules, ...child.policy.rules }
  const nextSteps = child.nextSteps ?? parent.nextSteps
  return {
    ...child,
    ...(nextSteps ? { nextSteps } : {}),
    policy: {
      ...(Object.keys(rules).length > 0 ? { rules } : {}),
      ...(requiredFiles.length > 0 ? { requiredFiles } : {}),
    },
    ownershipLayers: [child.files, ...(parent.ownershipLayers ?? [parent.files])],
    // Prebuilt images a layer carries (`opsmith image publish --pack`); the child's win.
    ...(parent.images || child.images ? { images: { ...parent.images, ...child.images } } : {}),
  }
}
