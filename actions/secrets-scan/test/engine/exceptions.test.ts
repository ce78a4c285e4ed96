import { describe, expect, it } from 'vitest';
import { ConfigurationError, createMemoryLogger } from '@devsecops/action-kit';
import { runSecretsScan, writeBaseline } from '../../src/lib.js';
import { FIXTURE_RULES, makeSecrets, useTempDirs, writeFiles } from './helpers.js';

const s = makeSecrets(97);
const dir = useTempDirs();

async function scan(root: string, date: string, failOn?: 'critical') {
  const logger = createMemoryLogger();
  const result = await runSecretsScan(
    { target: { kind: 'dir', root }, cwd: root, rulesPath: FIXTURE_RULES, date, failOn },
    logger,
  );
  return { result, logger };
}

function project(policy: string): string {
  const root = dir();
  writeFiles(root, {
    '.github/devsecops.yml': policy,
    'test/fixtures/tls.pem': `${s.privateKey()}\n`,
    'src/client.ts': `const token = "${s.github()}";\n`,
  });
  return root;
}

const byRuleAndPath = `secrets:
  exceptions:
    - rule: private-key
      path: "test/fixtures/**"
      owner: "@platform-security"
      reason: Key of the TLS test fixture; it signs nothing outside the tests.
      expires: 2027-03-31
`;

describe('secrets exceptions', () => {
  it('accept what they cover until their date, and nothing else', async () => {
    const root = project(byRuleAndPath);
    const { result } = await scan(root, '2027-03-31');
    expect(result.findings.map((f) => [f.ruleId, f.location.path])).toEqual([
      ['github-pat', 'src/client.ts'],
    ]);
    expect(result.stats?.['waived']).toBe(1);
    expect(result.notes).toContain(
      'Exceptions in .github/devsecops.yml: 1 finding accepted until their expiry dates.',
    );
  });

  it('fail the run once expired, whatever the threshold, and cover nothing any more', async () => {
    const root = project(byRuleAndPath);
    const { result, logger } = await scan(root, '2027-04-01', 'critical');
    const expired = result.findings.find((f) => f.ruleId === 'secrets/exception-expired');
    expect(expired).toMatchObject({
      severity: 'high',
      location: { path: '.github/devsecops.yml' },
      properties: {
        exception: 'private-key in test/fixtures/**',
        owner: '@platform-security',
        expires: '2027-03-31',
      },
    });
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual([
      'github-pat',
      'private-key',
      'secrets/exception-expired',
    ]);
    expect(result.passed).toBe(false);
    expect(logger.lines).toContain(
      'warning: Exception for private-key in test/fixtures/** (owner @platform-security) expired on 2027-03-31: the run fails until it is renewed or removed.',
    );
  });

  it('take one finding by the fingerprint the reports give', async () => {
    const root = project('');
    const first = await scan(root, '2027-01-01');
    const github = first.result.findings.find((f) => f.ruleId === 'github-pat')!;
    writeFiles(root, {
      '.github/devsecops.yml': `secrets:
  exceptions:
    - fingerprint: "${github.fingerprint}"
      owner: alice
      reason: Revoked on 2026-11-30; rewriting history is scheduled.
      expires: 2027-01-31
`,
    });
    const { result } = await scan(root, '2027-01-01');
    expect(result.findings.map((f) => f.ruleId)).toEqual(['private-key']);
    expect(result.stats?.['waived']).toBe(1);
  });

  it('stay out of a baseline, so that their findings come back when they expire', async () => {
    const root = project(byRuleAndPath);
    const logger = createMemoryLogger();
    const written = await writeBaseline(
      {
        target: { kind: 'dir', root },
        cwd: root,
        rulesPath: FIXTURE_RULES,
        outputPath: '.secrets-baseline.json',
        date: '2027-01-01',
      },
      logger,
    );
    expect(written.count).toBe(1);
    expect(logger.lines).toContain(
      'Left 1 finding under exceptions in .github/devsecops.yml out of the baseline: they fail again once the exceptions expire.',
    );
    const { result } = await scan(root, '2027-04-01');
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual([
      'private-key',
      'secrets/exception-expired',
    ]);

    // Written after the date, the baseline takes what the exception no longer covers, and says so.
    const late = createMemoryLogger();
    const rewritten = await writeBaseline(
      {
        target: { kind: 'dir', root },
        cwd: root,
        rulesPath: FIXTURE_RULES,
        outputPath: '.secrets-baseline.json',
        date: '2027-04-01',
      },
      late,
    );
    expect(rewritten.count).toBe(2);
    expect(late.lines).toContain(
      'warning: Exception for private-key in test/fixtures/** (owner @platform-security) expired on 2027-03-31: what it covered goes into the baseline, accepted for good.',
    );
  });

  it('take an upper-case fingerprint, and warn about a rule that is not in force', async () => {
    const root = project('');
    const first = await scan(root, '2027-01-01');
    const github = first.result.findings.find((f) => f.ruleId === 'github-pat')!;
    writeFiles(root, {
      '.github/devsecops.yml': `secrets:
  exceptions:
    - fingerprint: "${github.fingerprint.toUpperCase()}"
      owner: alice
      reason: Revoked.
      expires: 2027-01-31
    - rule: github-pats
      owner: alice
      reason: A typo.
      expires: 2027-01-31
`,
    });
    const { result, logger } = await scan(root, '2027-01-01');
    expect(result.stats?.['waived']).toBe(1);
    expect(logger.lines).toContain(
      'warning: An exception in .github/devsecops.yml names rule "github-pats", which is not among the rules in force: it covers nothing. Check the rule id.',
    );
  });

  it.each([
    [
      'names no finding',
      '    - owner: a\n      reason: b\n      expires: 2027-01-01\n',
      /names no/,
    ],
    [
      'has no owner',
      '    - rule: private-key\n      reason: b\n      expires: 2027-01-01\n',
      /exceptions\[0\]\.owner/,
    ],
    [
      'has an impossible date',
      '    - rule: private-key\n      owner: a\n      reason: b\n      expires: 2027-02-30\n',
      /exceptions\[0\]\.expires: is not a calendar date/,
    ],
    [
      'has a blank reason',
      "    - rule: private-key\n      owner: a\n      reason: '  '\n      expires: 2027-01-01\n",
      /exceptions\[0\]\.reason: must not be empty/,
    ],
    [
      'has no expiry date',
      '    - rule: private-key\n      owner: a\n      reason: b\n',
      /exceptions\[0\]\.expires: is required/,
    ],
    [
      'has a path from the file system root',
      '    - path: /config/.env\n      owner: a\n      reason: b\n      expires: 2027-01-01\n',
      /exceptions\[0\]\.path: is relative to the repository root: drop the leading \//,
    ],
    [
      'has a short fingerprint',
      '    - fingerprint: abc\n      owner: a\n      reason: b\n      expires: 2027-01-01\n',
      /exceptions\[0\]\.fingerprint: must be a finding fingerprint/,
    ],
  ])('are refused when one %s', async (_name, entry, message) => {
    const root = project(`secrets:\n  exceptions:\n${entry}`);
    const error = await scan(root, '2027-01-01').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });
});
