import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs git in `cwd` and returns its trimmed output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).trim();
}

/** Creates a repository with `main` as its first branch. */
export function initRepo(dir: string): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '--quiet', '--initial-branch=main');
  return dir;
}

/** Writes files and commits them; returns the new commit. */
export function commit(dir: string, files: Record<string, string>, message: string): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/**
 * Commits `count` small changes to `notes/<prefix>-<n>.txt` on the current branch in one
 * `git fast-import` run; returns the last commit.
 */
export function commitMany(dir: string, prefix: string, count: number): string {
  const branch = git(dir, 'symbolic-ref', 'HEAD');
  let parent = '';
  try {
    parent = git(dir, 'rev-parse', '--verify', '--quiet', 'HEAD');
  } catch {
    parent = '';
  }
  const when = Math.floor(Date.now() / 1000);
  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  for (let i = 1; i <= count; i++) {
    const who = `Test Author <author@example.com> ${when + i} +0000`;
    chunks.push(
      `commit ${branch}\n`,
      `author ${who}\ncommitter ${who}\n`,
      data(`${prefix} ${i}`),
      i === 1 && parent ? `from ${parent}\n` : '',
      `M 100644 inline notes/${prefix}-${i}.txt\n`,
      data(`${prefix} change ${i}\n`),
    );
  }
  execFileSync('git', ['fast-import', '--quiet', '--force'], {
    cwd: dir,
    env: ENV,
    input: chunks.join(''),
  });
  git(dir, 'reset', '--quiet', '--hard');
  return git(dir, 'rev-parse', 'HEAD');
}

/**
 * Checks out `ref` of `remote` into `dest` as actions/checkout does: a fresh repository with an
 * `origin` remote, `ref` fetched at `depth` (all branches too when depth is 0), HEAD detached.
 */
export function checkout(remote: string, dest: string, ref: string, depth = 0): string {
  initRepo(dest);
  git(dest, 'remote', 'add', 'origin', `file://${remote}`);
  const local = ref.startsWith('refs/heads/')
    ? `refs/remotes/origin/${ref.slice('refs/heads/'.length)}`
    : ref.replace(/^refs\//, 'refs/remotes/');
  const refspecs = depth === 0 ? ['+refs/heads/*:refs/remotes/origin/*'] : [];
  if (depth > 0 || !ref.startsWith('refs/heads/')) refspecs.push(`+${ref}:${local}`);
  git(
    dest,
    'fetch',
    '--quiet',
    '--no-tags',
    ...(depth > 0 ? [`--depth=${depth}`] : []),
    'origin',
    ...refspecs,
  );
  git(dest, 'checkout', '--quiet', '--detach', local);
  return git(dest, 'rev-parse', 'HEAD');
}
