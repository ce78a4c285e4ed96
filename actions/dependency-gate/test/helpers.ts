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
    'node_modules/a': { version: '1.0.0', license: 'MIT', dependencies: { c: '^1.0.0' } },
    'node_modules/alias-b': { name: 'b', version: '2.1.0', license: 'ISC' },
    'node_modules/c': { version: '1.2.0' },
    'node_modules/d': { version: '1.0.0', dev: true, dependencies: { a: '^1.0.0', c: '^2.0.0' } },
    'node_modules/d/node_modules/c': { version: '2.0.0', dev: true },
    'node_modules/o': { version: '1.0.0', optional: true },
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
