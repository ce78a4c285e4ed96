import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { baseEnv, cliBundle, repoRoot, tempDir } from './support/run-cli.js';
import { generateAwsKeyId, leakingSource } from './support/secrets.js';

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

const cliDir = join(repoRoot, 'packages/cli');

describe('the CLI bundle', () => {
  it('starts with a node shebang and is executable', () => {
    expect(readFileSync(cliBundle, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(cliBundle).mode & 0o111).not.toBe(0);
  });

  it('says in one line that it is incomplete when copied without its chunks', () => {
    const copy = join(dir.path, 'only-index');
    mkdirSync(copy);
    cpSync(cliBundle, join(copy, 'index.js'));
    const run = spawnSync(process.execPath, [join(copy, 'index.js'), 'secrets', dir.path], {
      cwd: dir.path,
      env: baseEnv(),
      encoding: 'utf8',
    });
    expect(run.status).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /bundle is incomplete: \d+\.index\.js is missing beside index\.js\. Install @devsecops\/cli again/,
    );
  });

  it('runs on its own, away from the repository and its node_modules, with the built-in rules', () => {
    // A copy in a temporary folder proves the bundle needs nothing installed beside it.
    const copy = join(dir.path, 'cli');
    cpSync(join(cliDir, 'dist'), copy, { recursive: true });
    const run = (args: string[]) =>
      spawnSync(process.execPath, [join(copy, 'index.js'), ...args], {
        cwd: dir.path,
        env: baseEnv(),
        encoding: 'utf8',
      });

    const version = run(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);

    const project = join(dir.path, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'aws.js'), leakingSource(generateAwsKeyId()));
    const secrets = run(['secrets', project]);
    expect(secrets.status, secrets.stderr).toBe(1);
    expect(secrets.stdout).toContain('aws-access-token');

    const example = join(repoRoot, 'examples/coach-app');
    const deps = run(['deps', example, '--advisories', join(example, 'advisories'), '--offline']);
    expect(deps.status, deps.stderr).toBe(1);
    expect(deps.stdout).toContain('GHSA-fjxv-7rqg-78g4');
  });

  it('is published as one package that needs no dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ devsecops: 'dist/index.js' });
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.private).toBeUndefined();

    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: cliDir,
        encoding: 'utf8',
      }),
    );
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('README.md');
    expect(files.some((f) => f.endsWith('.toml'))).toBe(true);
    expect(files.some((f) => f.startsWith('src/'))).toBe(false);
  });

  it('is what the pre-commit framework installs from the repository root', () => {
    const hooks = readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');
    expect(hooks).toContain('id: devsecops-secrets');
    expect(hooks).toContain('entry: devsecops secrets --staged');
    expect(hooks).toContain('language: node');
    expect(hooks).toContain('pass_filenames: false');

    const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(root.bin).toEqual({ devsecops: 'packages/cli/dist/index.js' });
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: repoRoot,
        encoding: 'utf8',
      }),
    );
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('packages/cli/dist/index.js');
  });
});
