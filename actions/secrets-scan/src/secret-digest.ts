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
 * Derives digests in the background, several at a time on libuv's thread pool, while the scan
 * goes on: a history scan mostly waits for git, and the digests fit in that wait.
 */
export interface SecretDigester {
  /** Starts deriving the digest of a pair, unless it was added before. */
  add(ruleId: string, secret: string): void;
  /** Waits for every added pair; `get` then derives only pairs never added. */
  settle(): Promise<SecretDigests>;
}

/** A digester running at most `concurrency` derivations at once. */
export function createSecretDigester(concurrency = availableParallelism()): SecretDigester {
  const digests = new Map<string, string>();
  const queued: { key: string; ruleId: string; secret: string }[] = [];
  const known = new Set<string>();
  let running = 0;
  let derived = 0;
  let failure: unknown;
  let idle: (() => void) | undefined;

  const pump = () => {
    while (running < Math.max(1, concurrency) && queued.length > 0) {
      const { key, ruleId, secret } = queued.shift()!;
      running++;
      derive(ruleId, secret).then(
        (digest) => {
          digests.set(key, digest);
          derived++;
          running--;
          pump();
        },
        (error: unknown) => {
          failure ??= error;
          running--;
          pump();
        },
      );
    }
    if (running === 0 && queued.length === 0) idle?.();
  };

  return {
    add(ruleId, secret) {
      const key = pairKey(ruleId, secret);
      if (known.has(key)) return;
      known.add(key);
      queued.push({ key, ruleId, secret });
      pump();
    },
    async settle() {
      if (running > 0 || queued.length > 0) {
        await new Promise<void>((resolve) => (idle = resolve));
      }
      if (failure !== undefined) throw failure;
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
    },
  };
}

/** Derives the digest of every distinct (rule, secret) pair in `found`; see the digester. */
export async function digestSecrets(
  found: Iterable<{ ruleId: string; secret: string }>,
  concurrency = availableParallelism(),
): Promise<SecretDigests> {
  const digester = createSecretDigester(concurrency);
  for (const f of found) digester.add(f.ruleId, f.secret);
  return digester.settle();
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
