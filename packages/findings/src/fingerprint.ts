import { createHash, createHmac } from 'node:crypto';

/**
 * A stable fingerprint from the parts that identify a finding (never line numbers, so that it
 * survives line shifts). Parts are joined unambiguously before hashing.
 */
export function fingerprintOf(...parts: readonly (string | number | undefined)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const s = part === undefined ? '' : String(part);
    hash.update(`${s.length}:${s};`);
  }
  return hash.digest('hex').slice(0, 32);
}

/** A keyed hash (HMAC-SHA-256, hex) for values that must never be recoverable, such as secrets. */
export function keyedHash(key: string, ...parts: readonly string[]): string {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(`${part.length}:${part};`);
  return mac.digest('hex');
}
