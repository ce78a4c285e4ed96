import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Packument } from '../online/packuments.js';
import type { DependencyTree, InstalledPackage } from '../types.js';
import { stripBom } from '../bom.js';

/** Where a fact about a package came from. */
export type MetadataSource = 'lockfile' | 'installed' | 'registry';

/** A fact and its source. */
export interface Known<T> {
  value: T;
  source: MetadataSource;
}

/**
 * What the checks need to know about one installed package beyond its name and version. A field
 * is undefined when no source recorded it: such facts are reported as unknown, never guessed.
 */
export interface PackageMetadata {
  /** The raw `license` (or legacy `licenses`) value; `undefined` value when none is declared. */
  license?: Known<unknown>;
  hasInstallScript?: Known<boolean>;
  /** The deprecation message, or false when the source says the version is not deprecated. */
  deprecated?: Known<string | false>;
}

/** Options of {@link createMetadataResolver}. */
export interface MetadataOptions {
  /** Registry documents by package name, fetched beforehand when online. */
  packuments?: ReadonlyMap<string, Packument>;
  /** Read `node_modules/<location>/package.json` when present (default true). */
  readInstalled?: boolean;
}

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const;

/**
 * Returns a function that gathers a package's metadata from, in order: the lockfile, the
 * installed `package.json` (when its name and version match the lockfile), and the registry
 * document. v2 and v3 lockfiles record install scripts; none records deprecation, and v1
 * lockfiles record neither licenses nor install scripts.
 */
export function createMetadataResolver(
  tree: DependencyTree,
  options: MetadataOptions = {},
): (pkg: InstalledPackage) => PackageMetadata {
  const cache = new Map<string, PackageMetadata>();
  const readInstalled = options.readInstalled ?? true;
  const present = new Map<string, boolean>();
  // Most trees are checked without node_modules: one look per node_modules directory replaces a
  // failed read per package.
  const mayBeInstalled = (location: string): boolean => {
    const at = location.indexOf('node_modules/');
    if (at < 0) return true;
    const dir = location.slice(0, at + 'node_modules'.length);
    let known = present.get(dir);
    if (known === undefined) {
      known = existsSync(join(tree.root, dir));
      present.set(dir, known);
    }
    return known;
  };
  return (pkg) => {
    const hit = cache.get(pkg.location);
    if (hit) return hit;
    const installed =
      readInstalled && mayBeInstalled(pkg.location) ? readInstalledManifest(tree, pkg) : undefined;
    const manifest = options.packuments?.get(pkg.name)?.versions?.[pkg.version];
    const meta = resolve(tree, pkg, installed, manifest);
    cache.set(pkg.location, meta);
    return meta;
  };
}

function resolve(
  tree: DependencyTree,
  pkg: InstalledPackage,
  installed: InstalledManifest | undefined,
  registry: Record<string, unknown> | undefined,
): PackageMetadata {
  const meta: PackageMetadata = {};

  // License: the lockfile records only string licenses, and some writers omit them altogether,
  // so a missing value there is not evidence that the package declares none.
  if (pkg.license !== undefined) meta.license = { value: pkg.license, source: 'lockfile' };
  else if (installed) meta.license = { value: licenseField(installed.json), source: 'installed' };
  else if (registry) meta.license = { value: licenseField(registry), source: 'registry' };

  // Install scripts: npm writes hasInstallScript into every v2/v3 entry that has one.
  if (tree.lockfileVersion >= 2 || pkg.hasInstallScript !== undefined) {
    meta.hasInstallScript = { value: pkg.hasInstallScript === true, source: 'lockfile' };
  } else if (installed) {
    meta.hasInstallScript = {
      value: declaresInstallScript(installed.json, installed.hasBindingGyp),
      source: 'installed',
    };
  } else if (registry) {
    const value =
      registry['hasInstallScript'] === true ||
      declaresInstallScript(registry, registry['gypfile'] === true);
    meta.hasInstallScript = { value, source: 'registry' };
  }

  // Deprecation lives in the registry; an installed package.json carries it only when an old npm
  // copied it there, so its absence there proves nothing.
  if (pkg.deprecated !== undefined) meta.deprecated = { value: pkg.deprecated, source: 'lockfile' };
  else if (typeof installed?.json['deprecated'] === 'string') {
    meta.deprecated = { value: installed.json['deprecated'], source: 'installed' };
  } else if (registry) {
    const d = registry['deprecated'];
    meta.deprecated = { value: typeof d === 'string' && d !== '' ? d : false, source: 'registry' };
  }
  return meta;
}

interface InstalledManifest {
  json: Record<string, unknown>;
  hasBindingGyp: boolean;
}

function readInstalledManifest(
  tree: DependencyTree,
  pkg: InstalledPackage,
): InstalledManifest | undefined {
  if (pkg.link) return undefined;
  const dir = join(tree.root, pkg.location);
  let json: unknown;
  try {
    json = JSON.parse(stripBom(readFileSync(join(dir, 'package.json'), 'utf8')));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const record = json as Record<string, unknown>;
  // A stale node_modules (another version than the lockfile's) tells nothing about this one.
  if (record['name'] !== pkg.name || record['version'] !== pkg.version) return undefined;
  return { json: record, hasBindingGyp: existsSync(join(dir, 'binding.gyp')) };
}

/** The license a manifest declares: `license` (string or legacy object) or legacy `licenses`. */
function licenseField(manifest: Record<string, unknown>): unknown {
  return manifest['license'] ?? manifest['licenses'];
}

/**
 * npm runs preinstall, install and postinstall, and runs `node-gyp rebuild` for a package with a
 * binding.gyp and neither install nor preinstall script.
 */
function declaresInstallScript(manifest: Record<string, unknown>, hasBindingGyp: boolean): boolean {
  const scripts = manifest['scripts'];
  const s =
    typeof scripts === 'object' && scripts !== null ? (scripts as Record<string, unknown>) : {};
  if (INSTALL_SCRIPTS.some((k) => typeof s[k] === 'string' && s[k] !== '')) return true;
  return hasBindingGyp;
}
