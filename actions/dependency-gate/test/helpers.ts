import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the copied real fixtures (see fixtures/ATTRIBUTION.md). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A real lockfile fixture's folder by name. */
export function fixtureProject(name: string): string {
  return join(FIXTURES, 'lockfiles', name);
}

const made: string[] = [];

/** Writes files (objects as JSON) into a fresh temporary folder and returns its path. */
export async function writeProject(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dependency-gate-'));
  made.push(dir);
  await writeFiles(dir, files);
  return dir;
}

/** Writes files (objects as JSON) under `dir`. */
export async function writeFiles(dir: string, files: Record<string, unknown>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(
      file,
      typeof content === 'string' || content instanceof Uint8Array
        ? content
        : JSON.stringify(content, null, 2) + '\n',
    );
  }
}

/** Removes the temporary folders made so far. */
export async function removeProjects(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A small project declared three ways below: a runtime, an aliased, a dev and an optional dependency. */
export const DEMO_MANIFEST = {
  name: 'demo',
  version: '1.0.0',
  dependencies: { a: '^1.0.0', 'alias-b': 'npm:b@^2.0.0' },
  devDependencies: { d: '^1.0.0' },
  optionalDependencies: { o: '^1.0.0' },
};

/** A well-formed (made-up) sha512 integrity value for synthetic lockfile entries. */
export const FAKE_INTEGRITY = `sha512-${'A'.repeat(86)}==`;

/** DEMO_MANIFEST locked by npm 7+ (lockfile v3). */
export const DEMO_LOCK_V3 = {
  name: 'demo',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': {
      name: 'demo',
      version: '1.0.0',
      dependencies: { a: '^1.0.0', 'alias-b': 'npm:b@^2.0.0' },
      devDependencies: { d: '^1.0.0' },
      optionalDependencies: { o: '^1.0.0' },
    },
    'node_modules/a': {
      version: '1.0.0',
      integrity: FAKE_INTEGRITY,
      license: 'MIT',
      dependencies: { c: '^1.0.0' },
    },
    'node_modules/alias-b': {
      name: 'b',
      version: '2.1.0',
      integrity: FAKE_INTEGRITY,
      license: 'ISC',
    },
    'node_modules/c': { version: '1.2.0', integrity: FAKE_INTEGRITY },
    'node_modules/d': {
      version: '1.0.0',
      integrity: FAKE_INTEGRITY,
      dev: true,
      dependencies: { a: '^1.0.0', c: '^2.0.0' },
    },
    'node_modules/d/node_modules/c': { version: '2.0.0', integrity: FAKE_INTEGRITY, dev: true },
    'node_modules/o': { version: '1.0.0', integrity: FAKE_INTEGRITY, optional: true },
  },
};

/** DEMO_MANIFEST locked by npm 5/6 (lockfile v1). */
export const DEMO_LOCK_V1 = {
  name: 'demo',
  version: '1.0.0',
  lockfileVersion: 1,
  requires: true,
  dependencies: {
    a: { version: '1.0.0', requires: { c: '^1.0.0' } },
    'alias-b': { version: 'npm:b@2.1.0' },
    c: { version: '1.2.0' },
    d: {
      version: '1.0.0',
      dev: true,
      requires: { a: '^1.0.0', c: '^2.0.0' },
      dependencies: { c: { version: '2.0.0', dev: true } },
    },
    o: { version: '1.0.0', optional: true },
  },
};

/** Runs git in `dir` with a fixed identity; returns stdout. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
}

/** Makes `dir` a git repository on branch main with everything committed. */
export function initRepo(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
}

/** An OSV record about one npm package, affected below `fixed`. */
export function osvRecord(
  id: string,
  name: string,
  fixed: string,
  severity = 'HIGH',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    schema_version: '1.6.0',
    id,
    summary: `Synthetic advisory for ${name}`,
    aliases: [],
    affected: [
      {
        package: { ecosystem: 'npm', name },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }],
      },
    ],
    database_specific: { severity },
    ...extra,
  };
}
