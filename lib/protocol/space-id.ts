/** Whether a string names a Space (`owner/name`) rather than a URL. */
export function isSpaceId(source: string): boolean {
  return /^[a-zA-Z0-9_\-.]+\/[a-zA-Z0-9_\-.]+$/.test(source.trim());
}
