import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fresh, random AWS access key id (never a real one, never the same twice). */
export function generateAwsKeyId(): string {
  const bytes = randomBytes(16);
  let id = 'AKIA';
  for (const b of bytes) id += BASE32[b % 32];
  return id;
}

/** A source file that leaks `keyId`. */
export function leakingSource(keyId: string): string {
  return `export const s3 = {\n  region: 'eu-west-1',\n  accessKeyId: '${keyId}',\n};\n`;
}

/** Runs git in `cwd`, returning stdout. */
export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync('git', args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Initialises a repository with one clean commit. */
export function initRepo(cwd: string, env: NodeJS.ProcessEnv): void {
  git(cwd, ['init', '-q', '-b', 'main'], env);
  git(cwd, ['config', 'user.name', 'Test'], env);
  git(cwd, ['config', 'user.email', 'test@example.invalid'], env);
  git(cwd, ['config', 'commit.gpgsign', 'false'], env);
  execFileSync('sh', ['-c', 'echo "# demo" > README.md'], { cwd });
  git(cwd, ['add', 'README.md'], env);
  git(cwd, ['commit', '-q', '-m', 'Initial commit'], env);
}
