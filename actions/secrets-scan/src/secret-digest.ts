import { scrypt, scryptSync, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';

/**
 * How a finding's fingerprint stands for its secret.
 *
 * A fingerprint must come out the same on every machine and in every run (code scanning tracks
 * an alert by it), so it cannot be keyed with anything secret. A fast hash of the secret would
 * then let anyone holding a published SARIF file confirm a guessed short secret with one hash
 * per guess. The secret is therefore stretched with scrypt (N = 2^14, r = 8, p = 1: 16 MiB and
 * some 20 to 40 ms of CPU per guess), salted with a fixed domain string and the rule id, so that
 * one guess tests one rule and no table serves another tool. A run derives each distinct secret
 * once, on every core; a scan with thousands of findings of a few secrets costs a few digests.
 *
 * Changing any of these parameters changes every fingerprint: code scanning would then close
 * each alert and open it again.
 */
export const SECRET_DIGEST = {
  domain: 'devsecops-secrets/fingerprint/v1',
  cost: 1 << 14,
  blockSize: 8,
  parallelization: 1,
  bytes: 32,
} as const;

const OPTIONS: ScryptOptions = {
  N: SECRET_DIGEST.cost,
  r: SECRET_DIGEST.blockSize,
  p: SECRET_DIGEST.parallelization,
  // 128 * N * r bytes, with room to spare.
  maxmem: 256 * SECRET_DIGEST.cost * SECRET_DIGEST.blockSize,
};

function salt(ruleId: string): string {
  return `${SECRET_DIGEST.domain}\u0000${ruleId}`;
}

/** The stretched digest (hex) of a secret found by a rule; deliberately slow. */
export function digestSecret(ruleId: string, secret: string): string {
  return scryptSync(secret, salt(ruleId), SECRET_DIGEST.bytes, OPTIONS).toString('hex');
}

/** Digests of the distinct (rule, secret) pairs of a run, derived once each. */
export interface SecretDigests {
  get(ruleId: string, secret: string): string;
  /** How many digests were derived (distinct pairs). */
  readonly derived: number;
}

/**
 * Derives the digest of every distinct (rule, secret) pair in `found`, several at a time on
 * libuv's thread pool; `get` falls back to deriving a pair it was not given.
 */
export async function digestSecrets(
  found: Iterable<{ ruleId: string; secret: string }>,
  concurrency = availableParallelism(),
): Promise<SecretDigests> {
  const digests = new Map<string, string>();
  const todo = new Map<string, { ruleId: string; secret: string }>();
  for (const f of found) todo.set(pairKey(f.ruleId, f.secret), f);
  const pending = [...todo];
  let derived = 0;
  const worker = async () => {
    for (let next = pending.pop(); next; next = pending.pop()) {
      const [key, { ruleId, secret }] = next;
      digests.set(key, await derive(ruleId, secret));
      derived++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return {
    get(ruleId, secret) {
      const key = pairKey(ruleId, secret);
      let digest = digests.get(key);
      if (digest === undefined) {
        digest = digestSecret(ruleId, secret);
        digests.set(key, digest);
        derived++;
      }
      return digest;
    },
    get derived() {
      return derived;
    },
  };
}

function pairKey(ruleId: string, secret: string): string {
  return `${ruleId.length}:${ruleId}${secret}`;
}

function derive(ruleId: string, secret: string): Promise<string> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt(ruleId), SECRET_DIGEST.bytes, OPTIONS, (error, key) =>
      error ? reject(error) : resolve(key.toString('hex')),
    ),
  );
}
