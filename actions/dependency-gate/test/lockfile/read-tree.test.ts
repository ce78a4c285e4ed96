import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@devsecops/action-kit';
import { findEntryLines } from '../../src/lockfile/lines.js';
import { hasLockfile, readDependencyTree } from '../../src/lockfile/read-tree.js';
import type { InstalledPackage } from '../../src/types.js';
import {
  DEMO_LOCK_V1,
  DEMO_LOCK_V3,
  DEMO_MANIFEST,
  fixtureProject,
  removeProjects,
  writeProject,
} from '../helpers.js';

afterEach(removeProjects);

const byLocation = (packages: InstalledPackage[], location: string) =>
  packages.find((p) => p.location === location);

/** Counts the entries of a v1 lockfile's nested `dependencies`, independently of the reader. */
function countV1(deps: Record<string, { dependencies?: Record<string, unknown> }>): number {
  let n = 0;
  for (const dep of Object.values(deps)) {
    n += 1 + countV1((dep.dependencies ?? {}) as typeof deps);
  }
  return n;
}

describe('readDependencyTree on real lockfiles', () => {
  it.each(['nodegoat', 'nodejs-goof', 'realworld-express-v3'])(
    'reads every package entry of %s with its lockfile line',
    async (name) => {
      const dir = fixtureProject(name);
      const text = await readFile(join(dir, 'package-lock.json'), 'utf8');
      const lock = JSON.parse(text) as { packages: Record<string, unknown> };
      const tree = await readDependencyTree(dir);
      const expected = Object.keys(lock.packages)
        .filter((k) => k !== '')
        .sort();
      expect(tree.packages.map((p) => p.location).sort()).toEqual(expected);

      const lines = text.split('\n');
      for (const pkg of tree.packages) {
        expect(lines[pkg.lockfileLine! - 1]).toContain(`"${pkg.location}": {`);
      }
    },
  );

  it('upgrades a v1 lockfile in memory and keeps every nested entry (realworld-react-v1)', async () => {
    const dir = fixtureProject('realworld-react-v1');
    const text = await readFile(join(dir, 'package-lock.json'), 'utf8');
    const lock = JSON.parse(text) as { dependencies: Record<string, never> };
    const tree = await readDependencyTree(dir);
    expect(tree.lockfileVersion).toBe(1);
    expect(tree.packages).toHaveLength(countV1(lock.dependencies));

    // marked ^0.7.0 is a runtime dependency; react-scripts a dev one, and so is what only it needs.
    const marked = byLocation(tree.packages, 'node_modules/marked')!;
    expect(marked).toMatchObject({ version: '0.7.0', scope: 'runtime', direct: true });
    expect(marked.paths[0]).toEqual(['marked']);
    expect(byLocation(tree.packages, 'node_modules/react-scripts')).toMatchObject({
      scope: 'development',
      direct: true,
    });
    expect(byLocation(tree.packages, 'node_modules/@babel/core')).toMatchObject({
      scope: 'development',
      direct: false,
    });

    // The v1 nesting gives the line of nested entries too.
    const lines = text.split('\n');
    for (const pkg of tree.packages) {
      const key = pkg.location
        .split('/node_modules/')
        .pop()!
        .replace(/^node_modules\//, '');
      expect(lines[pkg.lockfileLine! - 1]).toContain(`"${key}": {`);
    }
  });

  it('reports scope, directness and paths on nodegoat', async () => {
    const tree = await readDependencyTree(fixtureProject('nodegoat'));
    const marked = byLocation(tree.packages, 'node_modules/marked')!;
    expect(marked).toMatchObject({
      name: 'marked',
      version: '0.3.5',
      scope: 'runtime',
      direct: true,
    });
    expect(marked.requested).toEqual([{ by: '', spec: '0.3.5' }]);

    // lodash 4.17.11 at the top is only needed by dev tools in this project.
    const lodash = byLocation(tree.packages, 'node_modules/lodash')!;
    expect(lodash).toMatchObject({ version: '4.17.11', scope: 'development', direct: false });
    expect(lodash.paths.length).toBeGreaterThan(0);
    expect(lodash.paths.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < lodash.paths.length; i++) {
      expect(lodash.paths[i]!.length).toBeGreaterThanOrEqual(lodash.paths[i - 1]!.length);
    }
  });

  it('marks bundled packages with the package to upgrade', async () => {
    const tree = await readDependencyTree(fixtureProject('nodegoat'));
    expect(byLocation(tree.packages, 'node_modules/nyc/node_modules/lodash')).toMatchObject({
      version: '4.13.1',
      bundled: true,
      bundledBy: 'nyc',
      license: 'MIT',
    });
  });
});

describe('readDependencyTree on synthetic projects', () => {
  it('yields the same packages, scopes and aliases from a v1 and a v3 lockfile', async () => {
    const v1 = await writeProject({
      'package.json': DEMO_MANIFEST,
      'package-lock.json': DEMO_LOCK_V1,
    });
    const v3 = await writeProject({
      'package.json': DEMO_MANIFEST,
      'package-lock.json': DEMO_LOCK_V3,
    });
    const summary = (packages: InstalledPackage[]) =>
      packages.map((p) => `${p.name}@${p.version} ${p.location} ${p.scope} ${p.direct}`).sort();
    const t1 = await readDependencyTree(v1);
    const t3 = await readDependencyTree(v3);
    expect(summary(t1.packages)).toEqual(summary(t3.packages));
    expect(summary(t3.packages)).toEqual([
      'a@1.0.0 node_modules/a runtime true',
      'b@2.1.0 node_modules/alias-b runtime true',
      'c@1.2.0 node_modules/c runtime false',
      'c@2.0.0 node_modules/d/node_modules/c development false',
      'd@1.0.0 node_modules/d development true',
      'o@1.0.0 node_modules/o optional true',
    ]);
    expect(byLocation(t3.packages, 'node_modules/alias-b')).toMatchObject({
      name: 'b',
      alias: 'alias-b',
    });
    expect(byLocation(t3.packages, 'node_modules/c')!.paths).toEqual([
      ['a', 'c'],
      ['d', 'a', 'c'],
    ]);
    expect(byLocation(t1.packages, 'node_modules/alias-b')).toMatchObject({
      name: 'b',
      alias: 'alias-b',
    });
    expect(byLocation(t3.packages, 'node_modules/a')!.paths).toEqual([['a'], ['d', 'a']]);
  });

  it('reads npm-shrinkwrap.json in preference to package-lock.json', async () => {
    const dir = await writeProject({
      'package.json': DEMO_MANIFEST,
      'npm-shrinkwrap.json': DEMO_LOCK_V3,
      'package-lock.json': '{ broken',
    });
    const tree = await readDependencyTree(dir);
    expect(tree.lockfilePath).toBe('npm-shrinkwrap.json');
    expect(tree.packages).toHaveLength(6);
  });

  it('reads workspaces and marks their links', async () => {
    const dir = await writeProject({
      'package.json': { name: 'mono', private: true, workspaces: ['packages/*'] },
      'packages/app/package.json': {
        name: 'app',
        version: '1.0.0',
        dependencies: { lib: '^1.0.0', 'left-pad': '1.3.0' },
      },
      'packages/lib/package.json': { name: 'lib', version: '1.0.0' },
      'package-lock.json': {
        name: 'mono',
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': { name: 'mono', workspaces: ['packages/*'] },
          'node_modules/app': { resolved: 'packages/app', link: true },
          'node_modules/left-pad': { version: '1.3.0' },
          'node_modules/lib': { resolved: 'packages/lib', link: true },
          'packages/app': {
            name: 'app',
            version: '1.0.0',
            dependencies: { lib: '^1.0.0', 'left-pad': '1.3.0' },
          },
          'packages/lib': { name: 'lib', version: '1.0.0' },
        },
      },
    });
    const tree = await readDependencyTree(dir);
    const leftPad = byLocation(tree.packages, 'node_modules/left-pad')!;
    expect(leftPad).toMatchObject({ version: '1.3.0', direct: true, scope: 'runtime' });
    expect(leftPad.paths[0]).toEqual(['app', 'left-pad']);
    expect(leftPad.link).toBeUndefined();
    expect(byLocation(tree.packages, 'packages/lib')).toMatchObject({ name: 'lib', link: true });
    expect(byLocation(tree.packages, 'node_modules/lib')).toMatchObject({ link: true });
    expect(Object.keys(tree.workspaces).sort()).toEqual(['packages/app', 'packages/lib']);
  });
});

describe('readDependencyTree on bad input', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'truncated JSON',
      {
        'package.json': DEMO_MANIFEST,
        'package-lock.json': JSON.stringify(DEMO_LOCK_V3).slice(0, 200),
      },
      /package-lock\.json is not valid JSON.*npm install --package-lock-only/,
    ],
    [
      'a JSON array',
      { 'package.json': DEMO_MANIFEST, 'package-lock.json': '[]' },
      /package-lock\.json is not an npm lockfile/,
    ],
    [
      'only a yarn.lock',
      { 'package.json': DEMO_MANIFEST, 'yarn.lock': '# yarn lockfile v1\n' },
      /No package-lock\.json or npm-shrinkwrap\.json .*\(found yarn\.lock\)/,
    ],
    [
      'only a pnpm-lock.yaml',
      { 'package.json': DEMO_MANIFEST, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" },
      /\(found pnpm-lock\.yaml\)/,
    ],
    ['no package.json', { 'package-lock.json': DEMO_LOCK_V3 }, /No package\.json in/],
    [
      'a lockfile that does not match package.json',
      {
        'package.json': {
          ...DEMO_MANIFEST,
          dependencies: { a: '^2.0.0', 'alias-b': 'npm:b@^2.0.0', e: '1.0.0' },
        },
        'package-lock.json': DEMO_LOCK_V3,
      },
      /does not match package\.json: a is 1\.0\.0, not \^2\.0\.0; e \(1\.0\.0\) is missing\. Run "npm install"/,
    ],
  ];

  it.each(cases)('rejects %s with one clear configuration error', async (_name, files, message) => {
    const dir = await writeProject(files);
    const error = await readDependencyTree(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('names paths relative to the working directory, not the repository root', async () => {
    const cwd = await writeProject({
      'L/yarn/package.json': DEMO_MANIFEST,
      'L/yarn/yarn.lock': '# yarn lockfile v1\n',
      'L/bad/package.json': DEMO_MANIFEST,
      'L/bad/package-lock.json': '{"lockfileVersion": 3,',
      'L/drift/package.json': { ...DEMO_MANIFEST, dependencies: { a: '^2.0.0' } },
      'L/drift/package-lock.json': DEMO_LOCK_V3,
    });
    // As the CLI calls it: the project is the repository root, the user stands above it.
    const read = (dir: string) =>
      readDependencyTree(join(cwd, dir), { repoRoot: join(cwd, dir), displayRoot: cwd }).catch(
        (e: unknown) => (e as Error).message,
      );
    expect(await read('L/yarn')).toMatch(
      /^No package-lock\.json or npm-shrinkwrap\.json in "L\/yarn" \(found yarn\.lock\)/,
    );
    expect(await read('L/bad')).toMatch(/^L\/bad\/package-lock\.json is not valid JSON/);
    expect(await read('L/drift')).toMatch(
      /^L\/drift\/package-lock\.json does not match L\/drift\/package\.json: a is 1\.0\.0/,
    );
    const tree = await readDependencyTree(join(cwd, 'L/drift'), {
      repoRoot: cwd,
      displayRoot: join(cwd, 'L'),
    }).catch((e: unknown) => (e as Error).message);
    expect(tree).toMatch(/^drift\/package-lock\.json does not match drift\/package\.json/);
  });

  it('tells whether a project has an npm lockfile', async () => {
    expect(await hasLockfile(fixtureProject('nodegoat'))).toBe(true);
    expect(await hasLockfile(await writeProject({ 'package.json': DEMO_MANIFEST }))).toBe(false);
  });
});

describe('findEntryLines', () => {
  it('finds v2 entries and v1 nested entries whatever the formatting', () => {
    const v3 =
      '{"lockfileVersion":3,"packages":{"":{},\n"node_modules/a":{"dependencies":{"x":"1"}},\n"node_modules/a\\u002fb":{}}}';
    expect([...findEntryLines(v3)]).toEqual([
      ['', 1],
      ['node_modules/a', 2],
      ['node_modules/a/b', 3],
    ]);
    const v1 = JSON.stringify(DEMO_LOCK_V1, null, 2);
    const lines = findEntryLines(v1);
    expect(v1.split('\n')[lines.get('node_modules/d/node_modules/c')! - 1]).toContain('"c": {');
    expect(lines.has('node_modules/a/node_modules/c')).toBe(false);
  });
});
