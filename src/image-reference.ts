/** An image reference pinned to content: `name[:tag]@sha256:<64 hex>`. The tag is kept for reading only. */
export const DIGEST_PINNED = /@sha256:[a-f0-9]{64}$/

/** Whether an image reference names its content by digest, so no later push of its tag changes what runs. */
export function isDigestPinned(reference: string): boolean {
  return DIGEST_PINNED.test(reference)
}
