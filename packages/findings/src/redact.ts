/**
 * Redacts a secret for display: keeps a short prefix when the value is long enough that the
 * prefix reveals only its format (`ghp_…`, `AKIA…`), never more than a quarter of it.
 */
export function redactSecret(secret: string): string {
  if (secret.length < 12) return '*****';
  const keep = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, keep)}*****`;
}

/** Replaces every occurrence of each secret in `text` by its redacted form. */
export function redactIn(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length > 0) out = out.split(s).join(redactSecret(s));
  }
  return out;
}
