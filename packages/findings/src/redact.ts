/**
 * Redacts a secret for display: keeps a short prefix when the value is long enough that the
 * prefix reveals only its format (`ghp_…`, `AKIA…`), never more than a quarter of it.
 */
export function redactSecret(secret: string): string {
  // Leading white space and escapes (a key block's first line break) reveal no format.
  const body = secret.replace(/^(?:\s|\\[nrt])+/, '');
  if (body.length < 12) return '*****';
  const keep = Math.min(4, Math.floor(body.length / 4));
  return `${body.slice(0, keep)}*****`;
}

/** Replaces every occurrence of each secret in `text` by its redacted form. */
export function redactIn(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length > 0) out = out.split(s).join(redactSecret(s));
  }
  return out;
}
