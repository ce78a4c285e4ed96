import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { ConfigurationError, EnvironmentError } from '@devsecops/action-kit';
import type { Finding } from '@devsecops/findings';
import { readDependencyTree } from './lockfile/read-tree.js';
import type { DependencyTree } from './types.js';

/** Runs git in `cwd`; resolves with stdout as bytes. */
function git(cwd: string, args: string[]): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      args,
      { cwd, encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            reject(
              new EnvironmentError('git is not installed or not on PATH; diff mode needs it.'),
            );
          } else {
            reject(Object.assign(error, { stderr: stderr.toString('utf8') }));
          }
        } else resolvePromise(stdout);
      },
    );
  });
}

/**
 * Reads the dependency tree of the project as it is at `baseRef`, from git objects only (no
 * checkout): the lockfile and every package.json of the project are written to a temporary
 * folder and read there. A base that cannot be read is a configuration error, never "all new".
 */
export async function readBaseTree(
  repoRoot: string,
  projectPath: string,
  baseRef: string,
  lockfilePath: string,
): Promise<DependencyTree> {
  try {
    await git(repoRoot, ['rev-parse', '--verify', '--quiet', `${baseRef}^{commit}`]);
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    throw new ConfigurationError(
      `Diff mode cannot find the base "${baseRef}" in this clone. Fetch it (actions/checkout with fetch-depth: 0) or set base-ref to a branch or commit that exists.`,
    );
  }

  const prefix =
    projectPath === '.' || projectPath === '' ? '' : `${projectPath.replace(/\/$/, '')}/`;
  const listing = (
    await git(repoRoot, ['ls-tree', '-r', '--name-only', '-z', baseRef, '--', prefix || '.'])
  )
    .toString('utf8')
    .split('\0')
    .filter((f) => f !== '');
  const lockfile = posix.join(prefix, posix.basename(lockfilePath));
  const wanted = listing.filter(
    (f) =>
      !f.split('/').includes('node_modules') &&
      (f.endsWith('/package.json') ||
        f === 'package.json' ||
        f === lockfile ||
        f === posix.join(prefix, 'npm-shrinkwrap.json') ||
        f === posix.join(prefix, 'package-lock.json')),
  );
  if (
    !wanted.some(
      (f) =>
        f === posix.join(prefix, 'package-lock.json') ||
        f === posix.join(prefix, 'npm-shrinkwrap.json'),
    )
  ) {
    throw new ConfigurationError(
      `Diff mode found no lockfile at ${lockfile} in the base "${baseRef}". Run mode: full for this change, or commit the lockfile to the base branch first.`,
    );
  }

  const dir = await mkdtemp(join(tmpdir(), 'dependency-gate-base-'));
  try {
    for (const file of wanted) {
      const data = await git(repoRoot, ['show', `${baseRef}:${file}`]);
      const target = join(dir, file.slice(prefix.length));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, data);
    }
    const tree = await readDependencyTree(dir, { label: `the base "${baseRef}"` });
    return { ...tree, root: join(repoRoot, projectPath), lockfilePath };
  } catch (error) {
    if (error instanceof ConfigurationError) {
      throw new ConfigurationError(`Diff mode cannot read the base "${baseRef}": ${error.message}`);
    }
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What identifies a finding across the base and head trees: rule, package and version. */
export function diffKey(finding: Finding): string {
  const p = finding.properties ?? {};
  if (typeof p['package'] === 'string') {
    return `${finding.ruleId}\0${p['package']}\0${typeof p['version'] === 'string' ? p['version'] : ''}`;
  }
  return `${finding.ruleId}\0${finding.fingerprint}`;
}

/** The head findings the base does not have. */
export function introducedFindings(head: readonly Finding[], base: readonly Finding[]): Finding[] {
  const before = new Set(base.map(diffKey));
  return head.filter((f) => !before.has(diffKey(f)));
}
