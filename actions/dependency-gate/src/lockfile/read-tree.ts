import { access, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import Arborist, { type ArboristEdge, type ArboristNode } from '@npmcli/arborist';
import { ConfigurationError } from '@devsecops/action-kit';
import semver from 'semver';
import type { DependencyScope, DependencyTree, InstalledPackage } from '../types.js';
import { findEntryLines } from './lines.js';
import { stripBom } from '../bom.js';

/** Lockfiles this action reads, in the order npm prefers them. */
export const NPM_LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'] as const;

/** Lockfiles of other package managers, named in the error when no npm lockfile is present. */
const OTHER_LOCKFILES = ['yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'] as const;

/** At most this many dependency paths are kept per installed package. */
export const MAX_PATHS = 3;

/** Which lockfile a project has. */
export interface LockfileInfo {
  /** `npm-shrinkwrap.json` or `package-lock.json`; undefined when there is none. */
  npm?: (typeof NPM_LOCKFILES)[number];
  /** Lockfiles of other package managers found beside package.json. */
  others: string[];
  hasManifest: boolean;
}

/** Looks for the lockfiles of a project folder without reading them. */
export async function detectLockfile(projectDir: string): Promise<LockfileInfo> {
  const exists = async (name: string) =>
    access(join(projectDir, name)).then(
      () => true,
      () => false,
    );
  let npm: LockfileInfo['npm'];
  for (const name of NPM_LOCKFILES) {
    if (await exists(name)) {
      npm = name;
      break;
    }
  }
  const others: string[] = [];
  for (const name of OTHER_LOCKFILES) if (await exists(name)) others.push(name);
  return { npm, others, hasManifest: await exists('package.json') };
}

/** True when the project folder has an npm lockfile (package-lock.json or npm-shrinkwrap.json). */
export async function hasLockfile(projectDir: string): Promise<boolean> {
  return (await detectLockfile(projectDir)).npm !== undefined;
}

/** Options of {@link readDependencyTree}. */
export interface ReadTreeOptions {
  /** The repository root: lockfile paths in findings are relative to it. Defaults to the project. */
  repoRoot?: string;
  /** How the project is named in error messages (e.g. `the base branch's lockfile`). */
  label?: string;
  /**
   * Paths in error messages are relative to this folder: the user's working directory, so that
   * messages name paths as the user gave them. Defaults to repoRoot.
   */
  displayRoot?: string;
}

/**
 * Reads the installed dependency tree from a project's npm lockfile (v1, v2, v3 or shrinkwrap)
 * without installing anything. Bad or mismatched lockfiles are configuration errors.
 */
export async function readDependencyTree(
  projectDir: string,
  options: ReadTreeOptions = {},
): Promise<DependencyTree> {
  const info = await detectLockfile(projectDir);
  const displayRoot = options.displayRoot ?? options.repoRoot ?? projectDir;
  const shown = (path: string) => relativePath(displayRoot, path) || '.';
  const where = options.label ?? `"${shown(projectDir)}"`;
  if (!info.hasManifest) {
    throw new ConfigurationError(
      `No package.json in ${where}. Point path at the folder that holds package.json and its lockfile.`,
    );
  }
  if (!info.npm) {
    const other = info.others.length > 0 ? ` (found ${info.others.join(', ')})` : '';
    throw new ConfigurationError(
      `No package-lock.json or npm-shrinkwrap.json in ${where}${other}. The dependency gate reads npm lockfiles: create one with "npm install --package-lock-only" and commit it.`,
    );
  }

  const lockfileAbs = join(projectDir, info.npm);
  const lockfilePath = relativePath(options.repoRoot ?? projectDir, lockfileAbs);
  // Arborist accepts a byte order mark (as npm does); JSON.parse needs it removed.
  const text = stripBom(await readFile(lockfileAbs, 'utf8'));
  const lockfileShown = options.label ? `${info.npm} of ${options.label}` : shown(lockfileAbs);
  const data = parseLockfileJson(text, lockfileShown);
  const manifest = await readManifest(join(projectDir, 'package.json'), shown);

  let root: ArboristNode;
  try {
    root = await new Arborist({ path: projectDir }).loadVirtual();
  } catch (error) {
    throw new ConfigurationError(
      `Cannot read ${lockfileShown}: ${(error as Error).message}. Regenerate it with "npm install --package-lock-only".`,
    );
  }
  checkManifestAgreement(root, lockfileShown, shown(join(projectDir, 'package.json')));

  const lines = findEntryLines(text);
  const rawPackages = (data['packages'] ?? {}) as Record<string, Record<string, unknown>>;
  const paths = collectPaths(root);
  const packages: InstalledPackage[] = [];
  const workspaces: Record<string, Record<string, unknown>> = {};

  for (const node of root.inventory.values()) {
    if (node.isProjectRoot) continue;
    if (node.isWorkspace && !node.isLink) workspaces[node.location] = node.package;
    packages.push(toInstalledPackage(node, rawPackages[node.location], paths, lines));
  }
  packages.sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));

  return {
    root: projectDir,
    lockfilePath,
    lockfileVersion: typeof data['lockfileVersion'] === 'number' ? data['lockfileVersion'] : 1,
    packages,
    manifest,
    workspaces,
  };
}

function parseLockfileJson(text: string, lockfilePath: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const line = position ? text.slice(0, Number(position)).split('\n').length : undefined;
    throw new ConfigurationError(
      `${lockfilePath} is not valid JSON${line ? ` (line ${line})` : ''}: ${message.split('\n')[0]}. Restore it from git or regenerate it with "npm install --package-lock-only".`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigurationError(
      `${lockfilePath} is not an npm lockfile (expected a JSON object).`,
    );
  }
  const doc = data as Record<string, unknown>;
  if (!('packages' in doc) && !('dependencies' in doc) && !('lockfileVersion' in doc)) {
    throw new ConfigurationError(
      `${lockfilePath} is not an npm lockfile (no lockfileVersion, packages or dependencies). Regenerate it with "npm install --package-lock-only".`,
    );
  }
  return doc;
}

async function readManifest(
  path: string,
  shown: (path: string) => string,
): Promise<Record<string, unknown>> {
  try {
    const value = JSON.parse(stripBom(await readFile(path, 'utf8'))) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Reported below with the same message.
  }
  throw new ConfigurationError(
    `${shown(path)} is not a valid package.json (expected a JSON object).`,
  );
}

/**
 * The lockfile must install what package.json declares, as `npm ci` requires. Dist-tags such as
 * `latest` cannot be checked offline and are accepted.
 */
function checkManifestAgreement(
  root: ArboristNode,
  lockfilePath: string,
  manifestPath: string,
): void {
  const problems: string[] = [];
  const declarers = [
    root,
    ...[...root.edgesOut.values()].filter(isWorkspaceEdge).map((e) => e.to!.target),
  ];
  for (const from of declarers) {
    for (const edge of from.edgesOut.values()) {
      if (edge.type === 'workspace' || edge.type === 'peer' || edge.type === 'peerOptional')
        continue;
      if (edge.missing && !edge.optional) problems.push(`${edge.name} (${edge.spec}) is missing`);
      else if (edge.invalid && isCheckableSpec(edge.spec) && !satisfiesV1Alias(edge)) {
        problems.push(`${edge.name} is ${edge.to?.version ?? '?'}, not ${edge.spec}`);
      }
    }
  }
  if (problems.length === 0) return;
  const shown = problems.slice(0, 5).join('; ');
  const more = problems.length > 5 ? ` and ${problems.length - 5} more` : '';
  throw new ConfigurationError(
    `${lockfilePath} does not match ${manifestPath}: ${shown}${more}. Run "npm install" and commit the updated lockfile.`,
  );
}

function isWorkspaceEdge(edge: ArboristEdge): boolean {
  return edge.type === 'workspace' && edge.to !== null;
}

/**
 * Arborist keeps a v1 lockfile's aliased version (`npm:b@2.1.0`) as the version and so
 * reports the edge invalid; this checks the real name and version against the alias spec.
 */
function satisfiesV1Alias(edge: ArboristEdge): boolean {
  const locked = edge.to ? parseV1Alias(edge.to.version) : undefined;
  const wanted = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(edge.spec);
  if (!locked || !wanted) return false;
  return (
    locked.name === wanted[1] &&
    semver.satisfies(locked.version, wanted[2]!, { includePrerelease: true })
  );
}

/** `npm:b@2.1.0` (how v1 lockfiles record an alias) as name and version. */
export function parseV1Alias(
  version: string | undefined,
): { name: string; version: string } | undefined {
  const match = /^npm:((?:@[^/@]+\/)?[^@]+)@([^@]+)$/.exec(version ?? '');
  return match ? { name: match[1]!, version: match[2]! } : undefined;
}

function isCheckableSpec(spec: string): boolean {
  if (spec.startsWith('npm:')) return true;
  return semver.validRange(spec) !== null;
}

/** Dependency paths by installed names from the root, shortest first, at most MAX_PATHS each. */
function collectPaths(root: ArboristNode): Map<ArboristNode, string[][]> {
  const found = new Map<ArboristNode, string[][]>();
  const seenOnPath = (path: readonly ArboristNode[], node: ArboristNode) => path.includes(node);
  // Breadth-first, so that the first paths recorded are the shortest.
  let frontier: { node: ArboristNode; names: string[]; via: ArboristNode[] }[] = [
    { node: root, names: [], via: [root] },
  ];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { node, names, via } of frontier) {
      // Runtime edges first, so that a runtime package's first path shows how it ships.
      const edges = [...node.edgesOut.values()].sort(
        (a, b) => Number(a.type === 'dev') - Number(b.type === 'dev'),
      );
      for (const edge of edges) {
        const to = edge.to?.target ?? edge.to;
        if (!to || to.isProjectRoot || seenOnPath(via, to)) continue;
        const list = found.get(to) ?? [];
        if (list.length >= MAX_PATHS) continue;
        const path = [...names, edge.name];
        list.push(path);
        found.set(to, list);
        next.push({ node: to, names: path, via: [...via, to] });
      }
    }
    frontier = next;
  }
  return found;
}

function scopeOf(node: ArboristNode): DependencyScope {
  if (node.dev) return 'development';
  if (node.optional || node.devOptional) return 'optional';
  if (node.peer) return 'peer';
  return 'runtime';
}

function isDirect(node: ArboristNode): boolean {
  for (const edge of node.edgesIn) {
    const from = edge.from;
    if (from && (from.isProjectRoot || from.isWorkspace)) return true;
  }
  return false;
}

function toInstalledPackage(
  node: ArboristNode,
  raw: Record<string, unknown> | undefined,
  paths: Map<ArboristNode, string[][]>,
  lines: Map<string, number>,
): InstalledPackage {
  const v1Alias = parseV1Alias(node.version);
  const name = v1Alias?.name ?? (node.packageName || node.name);
  const pkg: InstalledPackage = {
    name,
    version: v1Alias?.version ?? node.version ?? '',
    location: node.location,
    scope: scopeOf(node),
    direct: isDirect(node) || (node.isLink && isDirect(node)),
    paths: paths.get(node) ?? paths.get(node.target) ?? [],
  };
  if (node.name !== name) pkg.alias = node.name;
  if (node.resolved) pkg.resolved = node.resolved;
  if (node.integrity) pkg.integrity = node.integrity;
  const license = raw?.['license'] ?? node.package['license'];
  if (typeof license === 'string') pkg.license = license;
  if (raw?.['hasInstallScript'] === true || node.hasInstallScript) pkg.hasInstallScript = true;
  const deprecated = raw?.['deprecated'] ?? node.package['deprecated'];
  if (typeof deprecated === 'string') pkg.deprecated = deprecated;
  if (node.inDepBundle) {
    pkg.bundled = true;
    const bundler = node.getBundler();
    if (bundler) pkg.bundledBy = bundler.packageName || bundler.name;
  }
  if (node.isLink || node.isWorkspace) pkg.link = true;
  const requested = [...node.edgesIn]
    .filter((e) => e.from !== null && e.type !== 'workspace')
    .map((e) => ({ by: e.from!.isProjectRoot ? '' : e.from!.location, spec: e.spec }));
  if (requested.length > 0) pkg.requested = requested;
  const line = lines.get(node.location);
  if (line !== undefined) pkg.lockfileLine = line;
  return pkg;
}

function relativePath(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}
