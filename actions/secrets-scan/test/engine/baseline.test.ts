import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, createMemoryLogger } from '@devsecops/action-kit';
import { runSecretsScan, writeBaseline } from '../../src/lib.js';
import { FIXTURE_RULES, makeSecrets, tempDir, writeFiles } from './helpers.js';

const s = makeSecrets(47);
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function dir(): string {
  const t = tempDir();
  cleanup = t.cleanup;
  return t.dir;
}

const inputs = (root: string) => ({
  target: { kind: 'dir' as const, root },
  cwd: root,
  rulesPath: FIXTURE_RULES,
});

describe('baseline', () => {
  it('accepts known secrets wherever they move, and still reports a new one on the same line', async () => {
    const root = dir();
    const known = s.github();
    const other = s.aws();
    writeFiles(root, {
      'src/config.ts': `export const token = "${known}";\n`,
      'ops/keys.env': `ID=${other}\n`,
    });

    const written = await writeBaseline(
      { ...inputs(root), outputPath: '.secrets-baseline.json' },
      createMemoryLogger(),
    );
    expect(written.count).toBe(2);
    const file = readFileSync(join(root, '.secrets-baseline.json'), 'utf8');
    expect(file).not.toContain(known);
    expect(file).not.toContain(other);
    expect(file).not.toContain('src/config.ts');
    expect(file).not.toContain(known.slice(4, 12));

    expect((await runSecretsScan(inputs(root), createMemoryLogger())).findings).toEqual([]);

    // Moved to another line and another file: still accepted.
    const fresh = s.github();
    writeFiles(root, {
      'src/config.ts': `// moved\n\nexport const token = "${known}"; const next = "${fresh}";\n`,
      'ops/keys.env': '',
      'deploy/aws.env': `\n\nID=${other}\n`,
    });
    const result = await runSecretsScan(inputs(root), createMemoryLogger());
    expect(result.findings.map((f) => [f.location.path, f.location.startLine, f.message])).toEqual([
      ['src/config.ts', 3, `GitHub personal access token "ghp_*****" in src/config.ts`],
    ]);
    expect(result.stats?.['baselined']).toBe(2);
    expect(result.notes.join('\n')).toMatch(
      /Baseline \.secrets-baseline\.json: 2 known secrets not reported/,
    );
  });

  it('uses the policy baseline path', async () => {
    const root = dir();
    writeFiles(root, {
      'a.txt': `t = "${s.github()}"\n`,
      '.github/devsecops.yml': 'secrets:\n  baseline: security/accepted.json\n',
    });
    writeFiles(root, { 'security/.keep': '' });
    await writeBaseline(
      { ...inputs(root), outputPath: 'security/accepted.json' },
      createMemoryLogger(),
    );
    expect((await runSecretsScan(inputs(root), createMemoryLogger())).findings).toEqual([]);
  });

  it.each([
    [
      '{\n  "version": 1,\n  "key": "0123456789abcdef0123",\n  "entries": [,]\n}\n',
      /^Baseline file "\.secrets-baseline\.json" is not valid JSON \(line 4\)\. Regenerate it with devsecops secrets baseline\.$/,
    ],
    ['{"version": 2, "key": "x", "entries": []}', /is not a devsecops secrets baseline/],
    ['[]', /is not a devsecops secrets baseline/],
  ])('rejects a broken baseline with one clear line (%#)', async (text, message) => {
    const root = dir();
    writeFiles(root, { '.secrets-baseline.json': text, 'a.txt': 'nothing\n' });
    const error = await runSecretsScan(inputs(root), createMemoryLogger()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it('fails on a missing explicit baseline', async () => {
    const root = dir();
    writeFiles(root, { 'a.txt': 'nothing\n' });
    const error = await runSecretsScan(
      { ...inputs(root), baselinePath: 'nope.json' },
      createMemoryLogger(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
  });
});

describe('stage result', () => {
  it('fails at the threshold, redacts everything and keeps fingerprints stable across line shifts', async () => {
    const root = dir();
    const token = s.github();
    writeFiles(root, { 'a.env': `GITHUB=${token}\n` });
    const first = await runSecretsScan(
      { ...inputs(root), failOn: 'critical' },
      createMemoryLogger(),
    );
    expect(first).toMatchObject({
      stage: 'secrets',
      tool: 'devsecops-secrets',
      passed: false,
      threshold: 'critical',
    });
    expect(JSON.stringify(first)).not.toContain(token);
    expect(first.findings[0]!.location.snippet).toBe('GITHUB=ghp_*****');

    writeFiles(root, { 'a.env': `\n\n# moved\nGITHUB=${token}\n` });
    const second = await runSecretsScan(inputs(root), createMemoryLogger());
    expect(second.findings[0]!.fingerprint).toBe(first.findings[0]!.fingerprint);
    expect(second.findings[0]!.location.startLine).toBe(4);
  });

  it('passes below the threshold', async () => {
    const root = dir();
    writeFiles(root, { 'a.env': `api_key = "${s.generic()}"\n` });
    const result = await runSecretsScan({ ...inputs(root), failOn: 'high' }, createMemoryLogger());
    expect(result.findings.map((f) => f.severity)).toEqual(['medium']);
    expect(result.passed).toBe(true);
  });

  it('applies the policy: disabled rules, stopwords and allow regexes', async () => {
    const root = dir();
    writeFiles(root, {
      '.github/devsecops.yml': [
        'secrets:',
        '  fail-on: high',
        '  disabled-rules: [slack-bot-token]',
        '  stopwords: [qa-only]',
        "  allow-regexes: ['(?i)rotated on 2023-']",
      ].join('\n'),
      'a.env': [
        `SLACK=${s.slack()}`,
        `api_key = "qa-only${s.generic()}"`,
        `GH=${s.github()} # rotated on 2023-04-01`,
        `AWS=${s.aws()}`,
      ].join('\n'),
    });
    const result = await runSecretsScan(inputs(root), createMemoryLogger());
    expect(result.findings.map((f) => f.ruleId)).toEqual(['aws-access-key-id']);
    expect(result.threshold).toBe('high');
  });

  it('rejects a bad policy section', async () => {
    const root = dir();
    writeFiles(root, { '.github/devsecops.yml': 'secrets:\n  fail-on: severe\n', 'a.txt': '' });
    await expect(runSecretsScan(inputs(root), createMemoryLogger())).rejects.toThrow(
      /secrets\.fail-on/,
    );
  });
});
