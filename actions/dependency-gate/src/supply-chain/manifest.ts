import { existsSync, readFileSync } from 'node:fs';
import { join, posix, resolve as resolvePath } from 'node:path';
import npa from 'npm-package-arg';
import semver from 'semver';
import type { DependencyTree, InstalledPackage } from '../types.js';
import { stripBom } from '../bom.js';

/** The dependency sections of package.json that a lockfile must satisfy. */
export const MANIFEST_SECTIONS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
] as const;

/** One declared dependency the lockfile does not satisfy. */
export interface SyncProblem {
  /** The workspace folder (`''` for the root package). */
  workspace: string;
  section: (typeof MANIFEST_SECTIONS)[number];
  name: string;
  spec: string;
  /** What the lockfile has instead; undefined when the package is missing. */
  installed?: InstalledPackage;
}

/**
 * Compares what package.json (root and workspaces) declares with what the lockfile installs, as
 * `npm ci` does: a missing package or a version outside the declared range is a problem. Aliases
 * (`npm:real@^1`) check the real name; git specs the repository and full commit; tarball URLs and
 * local paths the recorded source. Dist-tags (`latest`) cannot be checked offline and pass.
 */
export function findSyncProblems(tree: DependencyTree): SyncProblem[] {
  const byLocation = new Map(tree.packages.map((p) => [p.location, p]));
  const problems: SyncProblem[] = [];
  const manifests: [string, Record<string, unknown>][] = [
    ['', tree.manifest],
    ...Object.entries(tree.workspaces),
  ];

  for (const [workspace, manifest] of manifests) {
    for (const section of MANIFEST_SECTIONS) {
      const deps = manifest[section];
      if (typeof deps !== 'object' || deps === null) continue;
      for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
        if (typeof spec !== 'string') continue;
        // npm installs an optional dependency that is also a regular one as the regular one.
        if (section === 'optionalDependencies' && isDeclaredElsewhere(manifest, name)) continue;
        const installed =
          (workspace ? byLocation.get(`${workspace}/node_modules/${name}`) : undefined) ??
          byLocation.get(`node_modules/${name}`);
        const fromDir = resolvePath(tree.root, workspace);
        if (!installed) {
          problems.push({ workspace, section, name, spec });
        } else if (satisfiesSpec(installed, name, spec, fromDir, tree.root) === false) {
          problems.push({ workspace, section, name, spec, installed });
        }
      }
    }
  }
  return problems;
}

function isDeclaredElsewhere(manifest: Record<string, unknown>, name: string): boolean {
  return ['dependencies', 'devDependencies'].some((s) => {
    const deps = manifest[s];
    return typeof deps === 'object' && deps !== null && name in deps;
  });
}

/** True when the installed package satisfies the spec, false when not, undefined when unknowable. */
export function satisfiesSpec(
  installed: InstalledPackage,
  name: string,
  spec: string,
  fromDir: string,
  root: string,
): boolean | undefined {
  let parsed: npa.Result;
  try {
    parsed = npa.resolve(name, spec, fromDir);
  } catch {
    return undefined;
  }
  switch (parsed.type) {
    case 'version':
    case 'range':
      if (installed.name !== name) return false;
      return versionSatisfies(installed.version, parsed.fetchSpec ?? '*');
    case 'tag':
      return installed.name === name;
    case 'alias': {
      const sub = (parsed as npa.AliasResult).subSpec;
      if (installed.name !== sub.name) return false;
      return sub.type === 'tag' ? true : versionSatisfies(installed.version, sub.fetchSpec ?? '*');
    }
    case 'git':
      return satisfiesGit(installed, parsed);
    case 'remote':
      return installed.resolved === undefined ? undefined : installed.resolved === parsed.fetchSpec;
    case 'file':
    case 'directory': {
      const recorded = installed.resolved?.replace(/^file:/, '');
      if (recorded === undefined) return undefined;
      return resolvePath(root, recorded) === parsed.fetchSpec;
    }
    default:
      return undefined;
  }
}

function versionSatisfies(version: string, range: string): boolean | undefined {
  if (!semver.valid(version, { loose: true })) return undefined;
  if (semver.validRange(range, { loose: true }) === null) return undefined;
  return semver.satisfies(version, range, { loose: true, includePrerelease: false });
}

function satisfiesGit(installed: InstalledPackage, parsed: npa.Result): boolean | undefined {
  if (!installed.resolved) return undefined;
  let node: npa.Result;
  try {
    node = npa(installed.resolved);
  } catch {
    return undefined;
  }
  if (node.type !== 'git') return false;
  const repoOf = (r: npa.Result) =>
    (r.hosted as unknown as { ssh?: (o: object) => string } | undefined)?.ssh?.({
      noCommittish: true,
    }) ?? r.fetchSpec;
  if (repoOf(node) !== repoOf(parsed)) return false;
  if (parsed.gitRange) return versionSatisfies(installed.version, parsed.gitRange);
  const wanted = parsed.gitCommittish;
  // A branch or tag name cannot be checked offline; a full commit SHA can.
  if (wanted && /^[0-9a-f]{40}$/i.test(wanted)) return node.gitCommittish === wanted;
  return true;
}

/** Whether a project folder has an npm lockfile. */
export function hasNpmLockfile(projectDir: string): boolean {
  return ['package-lock.json', 'npm-shrinkwrap.json'].some((f) => existsSync(join(projectDir, f)));
}

/** Whether a manifest declares any dependency a lockfile would pin. */
export function declaresDependencies(manifest: Record<string, unknown>): boolean {
  return MANIFEST_SECTIONS.some((s) => {
    const deps = manifest[s];
    return typeof deps === 'object' && deps !== null && Object.keys(deps).length > 0;
  });
}

/**
 * The 1-based line of a dependency's entry in a package.json text, searching the given section
 * first; undefined when not found.
 */
export function manifestLine(text: string, section: string, name: string): number | undefined {
  const start = text.indexOf(`"${section}"`);
  const quoted = `"${name}"`;
  let at = start >= 0 ? text.indexOf(quoted, start) : -1;
  if (at < 0) at = text.indexOf(quoted);
  if (at < 0) return undefined;
  return text.slice(0, at).split('\n').length;
}

/** Reads a package.json text when it exists. */
export function readManifestText(tree: DependencyTree, workspace: string): string | undefined {
  try {
    return stripBom(readFileSync(join(tree.root, workspace, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** The repository-relative path of a package.json beside the lockfile (or in a workspace). */
export function manifestPath(tree: DependencyTree, workspace = ''): string {
  const dir = posix.dirname(tree.lockfilePath);
  return posix.join(dir === '.' ? '' : dir, workspace, 'package.json');
}
