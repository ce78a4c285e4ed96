import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DependencyTree, InstalledPackage } from '../../src/types.js';

/** The folder of the copied real lockfiles (see fixtures/ATTRIBUTION.md). */
export const LOCKFILES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'lockfiles');

/** The four real fixture projects. */
export const FIXTURE_PROJECTS = [
  'nodegoat',
  'nodejs-goof',
  'realworld-react-v1',
  'realworld-express-v3',
] as const;

type PackageInput = Partial<InstalledPackage> & { name: string; version: string };

/** An installed package with the defaults a lockfile entry at the top level would give. */
export function pkg(input: PackageInput): InstalledPackage {
  return {
    location: `node_modules/${input.alias ?? input.name}`,
    scope: 'runtime',
    direct: false,
    paths: [[input.alias ?? input.name]],
    integrity: 'sha512-AAAA',
    ...input,
  };
}

/** A synthetic dependency tree; `root` defaults to a folder that does not exist. */
export function makeTree(
  packages: readonly PackageInput[],
  extra: Partial<DependencyTree> = {},
): DependencyTree {
  return {
    root: '/nonexistent/project',
    lockfilePath: 'package-lock.json',
    lockfileVersion: 3,
    packages: packages.map(pkg),
    manifest: { name: 'app', version: '1.0.0' },
    workspaces: {},
    ...extra,
  };
}

const made: string[] = [];

/** A fresh temporary folder, removed by {@link removeTempDirs}. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deps-supply-chain-'));
  made.push(dir);
  return dir;
}

/** Removes the temporary folders made so far. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
