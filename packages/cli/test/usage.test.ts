import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { parseRange } from '../src/stages/git-range.js';
import { STAGE_REGISTRY } from '../src/stages/registry.js';
import { repoRoot, runCli, tempDir } from './support/run-cli.js';

let savedEnv: NodeJS.ProcessEnv;
beforeEach(() => {
  savedEnv = { ...process.env };
});
afterEach(() => {
  process.env = savedEnv;
});

function oneLine(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

describe('devsecops usage', () => {
  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8'));
    expect(VERSION).toBe(pkg.version);
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(VERSION);
  });

  it.each([
    [
      ['secrets', '--stagd'],
      /unknown option '--stagd'.*Did you mean --staged\?.*See devsecops secrets --help\./,
    ],
    [['--bogus'], /unknown option '--bogus'\. See devsecops --help\./],
    [['deps', '--mode'], /option '--mode <mode>' argument missing/],
    [['secrets', '.', 'extra'], /too many arguments/],
    [['nonsense'], /unknown command 'nonsense'/],
    [
      ['secrets', 'install-hook', '--bogus'],
      /unknown option '--bogus'\. See devsecops secrets install-hook --help\./,
    ],
    [['secrets', '--quiet', '--verbose'], /cannot be used with option '--verbose'/],
  ])('exits 2 with one line for %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it.each([
    [
      ['secrets', '--fail-on', 'huge'],
      '--fail-on must be one of critical, high, medium, low, info; got "huge".',
    ],
    [
      ['deps', '--fail-on', 'severe'],
      '--fail-on must be one of critical, high, medium, low, info; got "severe".',
    ],
    [['secrets', 'no/such/folder'], 'Path "no/such/folder" does not exist. Give a folder to scan.'],
    [['secrets', '--range', 'a...b'], '--range must be A..B'],
    [
      ['secrets', '--staged', '--history'],
      'Choose one of --staged, --range, --history and --stdin; got --staged and --history.',
    ],
    [
      ['secrets', '--config', 'missing.yml'],
      'Policy file "missing.yml" does not exist. Check --config.',
    ],
    [
      ['deps', '--scopes', 'runtime,prod'],
      '--scopes takes a comma-separated list of runtime, development, optional, peer; got "runtime,prod".',
    ],
    [['deps', '--mode', 'partial'], '--mode must be full or diff; got "partial".'],
    [['scan', '--fail-on', 'x'], '--fail-on must be one of'],
  ])('exits 2 with one line saying what to fix for %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    const lines = oneLine(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
  });

  it('answers exit 2 for the stages this version does not have', async () => {
    for (const stage of ['sbom', 'sast', 'dast']) {
      const run = await runCli([stage, '.']);
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe(
        `error: devsecops ${stage} is not available in this version (${VERSION}); available stages: secrets, deps.`,
      );
    }
  });

  it('lists every registered stage in the help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const def of STAGE_REGISTRY) expect(run.stdout).toContain(def.stage);
    expect(run.stdout).toContain('scan');
  });

  it('rejects a file given as the folder to scan', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'a.txt');
      (await import('node:fs')).writeFileSync(file, 'x');
      const run = await runCli(['secrets', file]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('is not a folder');
    } finally {
      dir.remove();
    }
  });
});

describe('parseRange', () => {
  it.each([
    ['main..HEAD', { include: ['HEAD'], exclude: ['main'] }],
    ['v1.0.0..', { include: ['HEAD'], exclude: ['v1.0.0'] }],
    ['..feature', { include: ['feature'], exclude: ['HEAD'] }],
    ['abc123', { include: ['abc123'], exclude: [] }],
  ])('reads %s', (value, expected) => {
    expect(parseRange(value)).toEqual(expected);
  });

  it.each(['', 'a...b', 'a..b..c', '--all', 'a b'])('rejects %j', (value) => {
    expect(() => parseRange(value)).toThrow(/--range/);
  });
});
