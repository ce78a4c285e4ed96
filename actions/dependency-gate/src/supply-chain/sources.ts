import { isAbsolute, relative, resolve } from 'node:path';
import type { InstalledPackage } from '../types.js';

/** Where a package's code came from. */
export interface PackageSource {
  /**
   * `registry`: an allowed registry (or no `resolved`, as lockfiles written with
   * omit-lockfile-registry-resolved have); `registry-elsewhere`: a registry tarball on a host that
   * is not allowed; `remote`: another URL; `git`; `file`: a local tarball or folder; `link`: a
   * workspace or `file:` link.
   */
  kind: 'registry' | 'registry-elsewhere' | 'remote' | 'git' | 'file' | 'link';
  /** Fetched over plain http. */
  insecure: boolean;
  /** For local paths: outside the project folder. */
  outside?: boolean;
  /** For URLs: the host (with port). */
  host?: string;
}

/** What {@link classifySource} needs besides the package. */
export interface SourceOptions {
  /** Absolute project folder, for local paths. */
  root: string;
  /** Hosts (`registry.npmjs.org`) or URL prefixes (`https://npm.example.com/api/npm/`). */
  allowedRegistries: readonly string[];
}

const GIT_PREFIX = /^(git\+|git:|github:|gitlab:|bitbucket:|gist:|ssh:\/\/|git@)/;

/** Classifies a package by its lockfile `resolved` value. */
export function classifySource(pkg: InstalledPackage, options: SourceOptions): PackageSource {
  const resolved = pkg.resolved;
  if (pkg.link) {
    return {
      kind: 'link',
      insecure: false,
      outside: resolved ? isOutside(resolved, options.root) : false,
    };
  }
  if (!resolved) return { kind: 'registry', insecure: false };
  if (GIT_PREFIX.test(resolved)) {
    return { kind: 'git', insecure: /^git(\+http)?:\/\//.test(resolved) };
  }
  if (resolved.startsWith('file:')) {
    return { kind: 'file', insecure: false, outside: isOutside(resolved, options.root) };
  }
  let url: URL;
  try {
    url = new URL(resolved);
  } catch {
    // A bare relative path: npm writes these for local folders.
    return { kind: 'file', insecure: false, outside: isOutside(resolved, options.root) };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { kind: 'remote', insecure: false, host: url.host };
  }
  const insecure = url.protocol === 'http:';
  const tarball = registryTarballIdentity(resolved) !== undefined;
  // An allowed registry lays out its download URLs as it likes (GitHub Packages has no `/-/`).
  if (isAllowedRegistry(url, resolved, options.allowedRegistries)) {
    return { kind: 'registry', insecure, host: url.host };
  }
  return { kind: tarball ? 'registry-elsewhere' : 'remote', insecure, host: url.host };
}

/**
 * The name and version of a registry tarball URL (`…/<name>/-/<name>-<version>.tgz`, the name
 * possibly scoped and `%2f`-encoded), or undefined for other URLs.
 */
export function registryTarballIdentity(
  resolved: string,
): { name: string; version: string } | undefined {
  let path: string;
  try {
    path = new URL(resolved).pathname;
  } catch {
    return undefined;
  }
  const at = path.lastIndexOf('/-/');
  if (at <= 0) return undefined;
  const segments = decodeURIComponent(path.slice(0, at)).split('/').filter(Boolean);
  const last = segments.at(-1);
  if (!last) return undefined;
  const name = segments.at(-2)?.startsWith('@') ? `${segments.at(-2)}/${last}` : last;
  const bare = name.slice(name.lastIndexOf('/') + 1);
  const file = path.slice(at + 3);
  if (!file.startsWith(`${bare}-`) || !file.endsWith('.tgz')) return undefined;
  const version = file.slice(bare.length + 1, -'.tgz'.length);
  return version === '' ? undefined : { name, version };
}

function isAllowedRegistry(url: URL, resolved: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    if (entry.includes('://'))
      return resolved.startsWith(entry.endsWith('/') ? entry : `${entry}/`);
    return (
      entry.toLowerCase() === url.host.toLowerCase() ||
      entry.toLowerCase() === url.hostname.toLowerCase()
    );
  });
}

function isOutside(spec: string, root: string): boolean {
  const path = spec.replace(/^file:/, '');
  const abs = isAbsolute(path) ? path : resolve(root, path);
  const rel = relative(root, abs);
  return rel === '..' || rel.startsWith(`..${'/'}`) || rel.startsWith('..\\') || isAbsolute(rel);
}
