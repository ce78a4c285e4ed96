import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonReportSchema } from '@devsecops/findings';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './support/run-cli.js';

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

const example = join(repoRoot, 'examples/coach-app');
const advisories = join(example, 'advisories');

describe('devsecops deps', () => {
  it('fails on the example lockfile and writes the JSON report', async () => {
    const json = join(dir.path, 'deps.json');
    const run = await runCli([
      'deps',
      example,
      '--advisories',
      advisories,
      '--offline',
      '--json',
      json,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/critical\s+GHSA-fjxv-7rqg-78g4\s+package-lock\.json:\d+/);
    const report = JsonReportSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(report.stages[0]!.stage).toBe('deps');
    expect(report.stages[0]!.threshold).toBe('high');
    expect(report.stages[0]!.counts.critical).toBeGreaterThanOrEqual(1);
  });

  it('takes the threshold and scopes from the flags', async () => {
    // Every vulnerable package of the example is a runtime dependency.
    const dev = await runCli([
      'deps',
      example,
      '--advisories',
      advisories,
      '--offline',
      '--scopes',
      'development',
    ]);
    expect(dev.code).toBe(0);

    const critical = await runCli([
      'deps',
      example,
      '--advisories',
      advisories,
      '--offline',
      '--fail-on',
      'critical',
    ]);
    expect(critical.code).toBe(1);
    expect(critical.stdout).toContain('fail-on critical');
  });

  it('says in the verdict that an expired exception failed the run', async () => {
    // Nothing left at or above critical: the critical advisory has a live exception, and the
    // exception for the low one has expired.
    const policy = join(dir.path, 'devsecops.yml');
    writeFileSync(
      policy,
      [
        'deps:',
        '  fail-on: critical',
        '  exceptions:',
        '    - id: GHSA-fjxv-7rqg-78g4',
        '      owner: platform-team',
        '      reason: boundary values are not used for security',
        '      expires: 2099-12-31',
        '    - id: GHSA-pxg6-pf52-xh8x',
        '      owner: web-team',
        '      reason: cookie names are fixed strings',
        '      expires: 2020-01-01',
        '',
      ].join('\n'),
    );
    const run = await runCli([
      'deps',
      example,
      '--advisories',
      advisories,
      '--offline',
      '--config',
      policy,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '✖ Failed: expired exception GHSA-pxg6-pf52-xh8x (owner web-team) in deps.',
    );
    expect(run.stdout).not.toContain('0 findings at or above');
  });

  it('refuses to pass without an advisory source', async () => {
    const run = await runCli(['deps', example, '--offline']);
    expect(run.code).toBe(2);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('No advisory source');
  });

  it('fails a package.json that declares dependencies without a lockfile', async () => {
    writeFileSync(
      join(dir.path, 'package.json'),
      '{"name":"x","version":"1.0.0","dependencies":{"express":"^4.0.0"}}\n',
    );
    const run = await runCli(['deps', dir.path, '--advisories', advisories, '--offline']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/lockfile-missing\s+package\.json:1/);
  });
});
