import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOOK_MARKER } from '../src/hook.js';
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

/**
 * git's environment for commits: without npm's node_modules/.bin on PATH, so that the hook
 * runs the CLI that installed it (these sources) rather than another devsecops found on PATH.
 */
function commitEnv(): NodeJS.ProcessEnv {
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => !p.includes('node_modules'))
    .join(delimiter);
  return baseEnv({ PATH: path });
}

function commit(cwd: string, message: string) {
  return spawnSync('git', ['commit', '-q', '-m', message], {
    cwd,
    env: commitEnv(),
    encoding: 'utf8',
  });
}

describe('devsecops secrets install-hook', () => {
  it('blocks a commit that adds a secret and lets a clean one through', async () => {
    const env = commitEnv();
    initRepo(dir.path, env);
    const install = await runCli(['secrets', 'install-hook', dir.path]);
    expect(install.code).toBe(0);
    const hook = join(dir.path, '.git/hooks/pre-commit');
    expect(install.stdout).toContain(`Installed the pre-commit hook at ${hook}`);
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(readFileSync(hook, 'utf8')).toContain(HOOK_MARKER);

    const key = generateAwsKeyId();
    writeFileSync(join(dir.path, 'aws.ts'), leakingSource(key));
    git(dir.path, ['add', 'aws.ts'], env);
    const blocked = commit(dir.path, 'Add AWS settings');
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('aws-access-token');
    expect(blocked.stdout + blocked.stderr).not.toContain(key);
    expect(git(dir.path, ['rev-list', '--count', 'HEAD'], env).trim()).toBe('1');

    git(dir.path, ['rm', '-q', '--cached', 'aws.ts'], env);
    writeFileSync(join(dir.path, 'hello.ts'), 'export const hello = "world";\n');
    git(dir.path, ['add', 'hello.ts'], env);
    const clean = commit(dir.path, 'Add hello');
    expect(clean.status).toBe(0);
    expect(git(dir.path, ['rev-list', '--count', 'HEAD'], env).trim()).toBe('2');
  });

  it('refuses to replace a hook it did not write unless --force, and keeps it', async () => {
    const env = commitEnv();
    initRepo(dir.path, env);
    const hook = join(dir.path, '.git/hooks/pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho team hook\n', { mode: 0o755 });

    const refused = await runCli(['secrets', 'install-hook', dir.path]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(hook, 'utf8')).toContain('team hook');

    const forced = await runCli(['secrets', 'install-hook', dir.path, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(hook, 'utf8')).toContain(HOOK_MARKER);
    expect(readFileSync(`${hook}.local`, 'utf8')).toContain('team hook');

    // Its own hook is updated in place without --force.
    const again = await runCli(['secrets', 'install-hook', dir.path]);
    expect(again.code).toBe(0);
  });

  it('writes into core.hooksPath when the repository sets it', async () => {
    const env = commitEnv();
    initRepo(dir.path, env);
    git(dir.path, ['config', 'core.hooksPath', '.githooks'], env);
    mkdirSync(join(dir.path, 'sub'));
    const run = await runCli(['secrets', 'install-hook', join(dir.path, 'sub')]);
    expect(run.code).toBe(0);
    expect(existsSync(join(dir.path, '.githooks/pre-commit'))).toBe(true);
    expect(existsSync(join(dir.path, '.git/hooks/pre-commit'))).toBe(false);
  });

  it('says to run git init outside a repository', async () => {
    const run = await runCli(['secrets', 'install-hook', dir.path], {
      env: baseEnv({ GIT_CEILING_DIRECTORIES: dir.path }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not inside a git repository');
  });
});
