import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createMemoryLogger } from '@devsecops/action-kit';
import { fingerprintOf } from '@devsecops/findings';
import {
  createSecretDigester,
  digestSecret,
  digestSecrets,
  runSecretsScan,
  SECRET_DIGEST,
  toFinding,
  type SecretMatch,
} from '../../src/lib.js';
import { FIXTURE_RULES, makeSecrets, useTempDirs, writeFiles } from './helpers.js';

const s = makeSecrets(53);
const dir = useTempDirs();

function match(ruleId: string, secret: string, path = 'a.env'): SecretMatch {
  return {
    ruleId,
    title: 'Test',
    severity: 'high',
    path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: secret.length + 1,
    secret,
    redactedLine: '*****',
  };
}

describe('digestSecret', () => {
  it('is scrypt with the documented parameters: the same on every machine', () => {
    // Pinned: a change here changes every fingerprint users have in code scanning.
    expect(SECRET_DIGEST).toEqual({
      domain: 'devsecops-secrets/fingerprint/v1',
      cost: 16384,
      blockSize: 8,
      parallelization: 1,
      bytes: 32,
    });
    expect(digestSecret('generic-api-key', 'correct horse battery staple')).toBe(
      '3aabe00af64ea19c7093bc4e03c474ecf4a5eaf7b436821f2a36a92271996b55',
    );
  });

  it('salts with the rule id, and is no plain hash of the secret', () => {
    const secret = s.github();
    const a = digestSecret('github-pat', secret);
    expect(digestSecret('github-pat', secret)).toBe(a);
    expect(digestSecret('generic-api-key', secret)).not.toBe(a);
    expect(a).not.toBe(createHash('sha256').update(secret).digest('hex'));
  });

  it('costs real work per guess', () => {
    const started = performance.now();
    for (let i = 0; i < 3; i++) digestSecret('github-pat', `guess-${i}`);
    // scrypt at N = 2^14 takes milliseconds even on a fast machine; SHA-256 takes microseconds.
    expect((performance.now() - started) / 3).toBeGreaterThan(2);
  });
});

describe('digestSecrets', () => {
  it('derives each distinct (rule, secret) pair once, however many findings share it', async () => {
    const secrets = [s.github(), s.github(), s.github()];
    const found = Array.from({ length: 3000 }, (_, i) => ({
      ruleId: 'github-pat',
      secret: secrets[i % 3]!,
    }));
    const started = performance.now();
    const digests = await digestSecrets(found);
    const findings = found.map((f, i) =>
      toFinding(match(f.ruleId, f.secret, `f${i}.env`), digests.get(f.ruleId, f.secret)),
    );
    expect(digests.derived).toBe(3);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(3000);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(digests.get('github-pat', secrets[0]!)).toBe(digestSecret('github-pat', secrets[0]!));
  });

  it('derives a pair it was not given on demand', async () => {
    const digests = await digestSecrets([]);
    expect(digests.get('github-pat', 'late')).toBe(digestSecret('github-pat', 'late'));
    expect(digests.derived).toBe(1);
  });
});

describe('createSecretDigester', () => {
  it('derives pairs in the background, each once, and settles when all are done', async () => {
    const digester = createSecretDigester(1);
    digester.add('github-pat', 'one');
    digester.add('github-pat', 'two');
    digester.add('github-pat', 'one');
    digester.add('generic-api-key', 'one');
    const digests = await digester.settle();
    expect(digests.derived).toBe(3);
    expect(digests.get('github-pat', 'two')).toBe(digestSecret('github-pat', 'two'));
    expect(digests.derived).toBe(3);
    expect(await createSecretDigester().settle()).toMatchObject({ derived: 0 });
  });
});

describe('finding fingerprints', () => {
  it('hash rule, path and the stretched secret; stable across runs, not the secret hash', async () => {
    const root = dir();
    const token = s.github();
    writeFiles(root, { 'a.env': `GH=${token}\n`, 'b.env': `GH=${token}\n` });
    const run = () =>
      runSecretsScan(
        { target: { kind: 'dir', root }, cwd: root, rulesPath: FIXTURE_RULES },
        createMemoryLogger(),
      );
    const first = await run();
    const second = await run();
    const byPath = (r: typeof first) =>
      Object.fromEntries(r.findings.map((f) => [f.location.path, f.fingerprint]));
    expect(byPath(second)).toEqual(byPath(first));

    const a = first.findings.find((f) => f.location.path === 'a.env')!;
    expect(a.fingerprint).toBe(
      fingerprintOf('github-pat', 'a.env', digestSecret('github-pat', token)),
    );
    const sha = createHash('sha256').update(token).digest('hex');
    expect(a.fingerprint).not.toBe(fingerprintOf('github-pat', 'a.env', sha));
    expect(JSON.stringify(first)).not.toContain(sha);
    expect(byPath(first)['b.env']).not.toBe(a.fingerprint);
  });
});
