import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonReportSchema } from '@devsecops/findings';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempDir } from './support/run-cli.js';
import { generateAwsKeyId, git, initRepo, leakingSource } from './support/secrets.js';

let savedEnv: NodeJS.ProcessEnv;
let dir: { path: string; remove: () => void };
beforeEach(() => {
  savedEnv = { ...process.env };
  dir = tempDir();
});
afterEach(() => {
  dir.remove();
  process.env = savedEnv;
});

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

function writeProject(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

describe('devsecops secrets', () => {
  it('fails on a secret, prints it redacted and writes valid SARIF and JSON', async () => {
    const key = generateAwsKeyId();
    const project = join(dir.path, 'project');
    writeProject(project, { 'src/s3.ts': leakingSource(key), 'README.md': '# demo\n' });
    const sarif = join(dir.path, 'out/secrets.sarif');
    const json = join(dir.path, 'out/secrets.json');

    const run = await runCli(['secrets', project, '--sarif', sarif, '--json', json]);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/critical\s+aws-access-token\s+src\/s3\.ts:3/);
    expect(run.stdout).toContain('AKIA*****');
    expect(run.stdout).toContain('✖ Failed: 1 finding at or above the threshold in secrets.');
    const sarifText = readFileSync(sarif, 'utf8');
    const jsonText = readFileSync(json, 'utf8');
    for (const text of [run.stdout, run.stderr, sarifText, jsonText])
      expect(text).not.toContain(key);

    const log = JSON.parse(sarifText);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].automationDetails.id).toBe('devsecops/secrets/');
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'src/s3.ts',
    );

    const report = JsonReportSchema.parse(JSON.parse(jsonText));
    expect(report.stages[0]!.stage).toBe('secrets');
    expect(report.stages[0]!.passed).toBe(false);
    expect(report.stages[0]!.findings.map((f) => f.ruleId)).toContain('aws-access-token');
  });

  it('passes a clean folder with exit code 0', async () => {
    writeProject(dir.path, { 'index.js': 'console.log("hello");\n' });
    const run = await runCli(['secrets', dir.path]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✔ Passed');
    expect(run.stdout).toMatch(/secrets: passed, 0 findings/);
  });

  it('prints nothing when quiet and passing, and the failure when quiet and failing', async () => {
    writeProject(dir.path, { 'index.js': 'console.log("hello");\n' });
    const clean = await runCli(['secrets', dir.path, '--quiet']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
    expect(clean.stderr).toBe('');

    writeProject(dir.path, { 'config.js': leakingSource(generateAwsKeyId()) });
    const leaking = await runCli(['secrets', dir.path, '--quiet']);
    expect(leaking.code).toBe(1);
    expect(leaking.stdout).toContain('aws-access-token');
    expect(leaking.stdout).toContain('✖ Failed');
    expect(leaking.stderr).toBe('');
  });

  it('applies the policy file given with --config', async () => {
    writeProject(dir.path, {
      'project/fixtures/keys.ts': leakingSource(generateAwsKeyId()),
      'policy.yml': 'secrets:\n  ignore-paths:\n    - "fixtures/**"\n',
    });
    const run = await runCli([
      'secrets',
      join(dir.path, 'project'),
      '--config',
      join(dir.path, 'policy.yml'),
    ]);
    expect(run.code).toBe(0);

    writeProject(dir.path, { 'bad.yml': 'secrets:\n  ignore-paths: "fixtures/**"\n' });
    const bad = await runCli([
      'secrets',
      join(dir.path, 'project'),
      '--config',
      join(dir.path, 'bad.yml'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('secrets.ignore-paths');
  });

  it('accepts a finding under an exception, and fails naming it once it has expired', async () => {
    const project = join(dir.path, 'project');
    const exception = (expires: string) =>
      `secrets:\n  exceptions:\n    - rule: aws-access-token\n      path: "fixtures/**"\n      owner: "@sec"\n      reason: Deactivated key kept as a fixture.\n      expires: ${expires}\n`;
    writeProject(project, {
      'fixtures/keys.ts': leakingSource(generateAwsKeyId()),
      '.github/devsecops.yml': exception('2999-12-31'),
    });
    const accepted = await runCli(['secrets', project]);
    expect(accepted.code).toBe(0);

    writeProject(project, { '.github/devsecops.yml': exception('2020-01-31') });
    const expired = await runCli(['secrets', project, '--fail-on', 'critical']);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toMatch(/high\s+secrets\/exception-expired\s+\.github\/devsecops\.yml/);
    expect(expired.stdout).toContain(
      '✖ Failed: 1 finding at or above the threshold in secrets; expired exception aws-access-token in fixtures/** (owner @sec) in secrets.',
    );
  });

  it('reads standard input with --stdin', async () => {
    const key = generateAwsKeyId();
    const leaking = await runCli(['secrets', '--stdin'], { input: `aws_access_key_id = ${key}\n` });
    expect(leaking.code).toBe(1);
    expect(leaking.stdout).toMatch(/aws-access-token\s+stdin:1/);
    expect(leaking.stdout + leaking.stderr).not.toContain(key);

    const clean = await runCli(['secrets', '--stdin'], { input: 'nothing to see\n' });
    expect(clean.code).toBe(0);
  });

  it('colours only a terminal, FORCE_COLOR, and never with NO_COLOR or --no-color', async () => {
    writeProject(dir.path, { 'config.js': leakingSource(generateAwsKeyId()) });
    const piped = await runCli(['secrets', dir.path]);
    expect(piped.code).toBe(1);
    expect(piped.stdout + piped.stderr).not.toMatch(ANSI);

    const forced = await runCli(['secrets', dir.path], { env: baseEnv({ FORCE_COLOR: '1' }) });
    expect(forced.stdout).toMatch(ANSI);

    const flag = await runCli(['secrets', dir.path, '--no-color'], {
      env: baseEnv({ FORCE_COLOR: '1' }),
    });
    expect(flag.stdout + flag.stderr).not.toMatch(ANSI);

    const noColor = await runCli(['secrets', dir.path], {
      env: baseEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }),
    });
    expect(noColor.stdout + noColor.stderr).not.toMatch(ANSI);
  });

  it('records a baseline and then reports only new secrets', async () => {
    writeProject(dir.path, { 'old.js': leakingSource(generateAwsKeyId()) });
    const baseline = await runCli(['secrets', 'baseline', dir.path]);
    expect(baseline.code).toBe(0);
    expect(baseline.stdout).toContain('Wrote 1 finding to the baseline');
    expect(existsSync(join(dir.path, '.secrets-baseline.json'))).toBe(true);

    expect((await runCli(['secrets', dir.path])).code).toBe(0);

    writeProject(dir.path, { 'new.js': leakingSource(generateAwsKeyId()) });
    const after = await runCli(['secrets', dir.path]);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('new.js');
    expect(after.stdout).not.toContain('old.js');
  });

  it('writes the baseline where --output says', async () => {
    writeProject(dir.path, { 'project/old.js': leakingSource(generateAwsKeyId()) });
    const out = join(dir.path, 'accepted.json');
    const run = await runCli(['secrets', 'baseline', join(dir.path, 'project'), '--output', out]);
    expect(run.code).toBe(0);
    const scan = await runCli(['secrets', join(dir.path, 'project'), '--baseline', out]);
    expect(scan.code).toBe(0);
  });

  it('scans the staged changes and a commit range', async () => {
    const env = baseEnv();
    initRepo(dir.path, env);
    writeFileSync(join(dir.path, 'staged.js'), leakingSource(generateAwsKeyId()));
    git(dir.path, ['add', 'staged.js'], env);
    const staged = await runCli(['secrets', dir.path, '--staged']);
    expect(staged.code).toBe(1);
    expect(staged.stdout).toContain('staged.js');

    git(dir.path, ['commit', '-q', '-m', 'Add config', '--no-verify'], env);
    const range = await runCli(['secrets', dir.path, '--range', 'HEAD~1..HEAD']);
    expect(range.code).toBe(1);
    expect(range.stdout).toContain('staged.js');
    const before = await runCli(['secrets', dir.path, '--range', 'HEAD~1']);
    expect(before.code).toBe(0);
  });

  it('finds a secret that only history still holds with --history', async () => {
    const env = baseEnv();
    initRepo(dir.path, env);
    writeFileSync(join(dir.path, 'old.js'), leakingSource(generateAwsKeyId()));
    git(dir.path, ['add', 'old.js'], env);
    git(dir.path, ['commit', '-q', '-m', 'Add settings', '--no-verify'], env);
    git(dir.path, ['rm', '-q', 'old.js'], env);
    git(dir.path, ['commit', '-q', '-m', 'Remove settings', '--no-verify'], env);

    expect((await runCli(['secrets', dir.path])).code).toBe(0);
    const history = await runCli(['secrets', dir.path, '--history']);
    expect(history.code).toBe(1);
    expect(history.stdout).toMatch(/aws-access-token\s+old\.js:3/);
  });

  it('exits 3 when git is missing for --staged', async () => {
    const env = baseEnv();
    initRepo(dir.path, env);
    const empty = join(dir.path, '.empty-bin');
    mkdirSync(empty);
    const run = await runCli(['secrets', dir.path, '--staged'], { env: baseEnv({ PATH: empty }) });
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/git/);
  });

  it('exits 3 when a report cannot be written', async () => {
    writeProject(dir.path, { 'index.js': 'ok\n', blocker: 'a file, not a folder\n' });
    const run = await runCli([
      'secrets',
      dir.path,
      '--json',
      join(dir.path, 'blocker/report.json'),
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Cannot write report');
  });
});
