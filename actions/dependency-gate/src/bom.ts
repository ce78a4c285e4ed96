/**
 * Removes a leading UTF-8 byte order mark. Editors on Windows write one; npm and Arborist
 * accept such files, while JSON.parse rejects them.
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
