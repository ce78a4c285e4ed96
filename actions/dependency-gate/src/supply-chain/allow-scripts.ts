import { resolve as resolvePath } from 'node:path';
import npa from 'npm-package-arg';
import semver from 'semver';
import type { InstalledPackage } from '../types.js';
import { classifySource, registryTarballIdentity } from './sources.js';

/**
 * One entry of an install-script allowlist in npm's `allowScripts` format: a key npm-package-arg
 * understands (`pkg`, `pkg@1.2.3`, `pkg@1.2.3 || 1.2.4`, a git URL with an optional commit, a
 * tarball URL or a `file:` path) and whether its scripts may run.
 */
export interface AllowScriptsEntry {
  key: string;
  allow: boolean;
  /** Where the entry came from: the policy file or package.json. */
  origin: 'policy' | 'package.json';
}

/** The outcome of matching a package against the allowlist. */
export type ScriptDecision = 'allowed' | 'denied' | 'unreviewed' | 'unverifiable';

/**
 * Why npm would ignore an allowlist key, or undefined when the key is usable: npm accepts bare
 * names, `name@*` and exact versions joined by `||`, and refuses dist-tags, semver ranges and
 * aliases because they would cover versions nobody reviewed.
 */
export function allowScriptsKeyProblem(key: string): string | undefined {
  let parsed: npa.Result;
  try {
    parsed = npa(key);
  } catch {
    return 'is not a package name or spec npm understands';
  }
  if (parsed.type === 'tag') {
    return 'uses a dist-tag; use the bare name or exact versions joined by "||"';
  }
  if (parsed.type === 'alias') return 'is an alias; name the real package';
  if (parsed.type === 'range' && !isNameOnly(parsed) && !isExactVersions(parsed.fetchSpec ?? '')) {
    return 'uses a semver range; use the bare name or exact versions joined by "||"';
  }
  return undefined;
}

/**
 * Gathers the allowlist: the policy file's `allow-scripts` (a map or a list of allowed keys) and
 * the `allowScripts` field of package.json. Keys npm would ignore are dropped and returned.
 */
export function readAllowScripts(
  fromPolicy: Record<string, boolean> | readonly string[],
  manifest: Record<string, unknown>,
): { entries: AllowScriptsEntry[]; ignored: string[] } {
  const entries: AllowScriptsEntry[] = [];
  const ignored: string[] = [];
  const add = (key: string, allow: boolean, origin: AllowScriptsEntry['origin']) => {
    const problem = allowScriptsKeyProblem(key);
    if (problem) ignored.push(`${origin} allowScripts "${key}" ${problem}`);
    else entries.push({ key, allow, origin });
  };
  if (Array.isArray(fromPolicy)) for (const key of fromPolicy) add(key, true, 'policy');
  else for (const [key, allow] of Object.entries(fromPolicy)) add(key, allow, 'policy');

  const field = manifest['allowScripts'];
  if (typeof field === 'object' && field !== null && !Array.isArray(field)) {
    for (const [key, allow] of Object.entries(field as Record<string, unknown>)) {
      if (typeof allow === 'boolean') add(key, allow, 'package.json');
      else ignored.push(`package.json allowScripts "${key}" must be true or false`);
    }
  }
  return { entries, ignored };
}

/**
 * Decides like npm whether a package's install scripts are reviewed: a matching `false` entry
 * wins (denied: npm skips the scripts), else a matching `true` entry allows them. Registry
 * packages match by name and, for pinned entries, by the version in the lockfile's `resolved`
 * URL; when the lockfile omits that URL a pinned allow cannot be verified (npm refuses it too).
 * Git packages match by repository and commit prefix; tarballs and local paths by their spec.
 */
export function decideScripts(
  pkg: InstalledPackage,
  entries: readonly AllowScriptsEntry[],
  root: string,
): ScriptDecision {
  let allowed = false;
  let unverifiable = false;
  let denied = false;
  for (const entry of entries) {
    const match = matches(pkg, entry.key, root);
    if (match === 'no') continue;
    if (!entry.allow) {
      denied = true;
    } else if (match === 'unverifiable') {
      unverifiable = true;
    } else {
      allowed = true;
    }
  }
  if (denied) return 'denied';
  if (allowed) return 'allowed';
  return unverifiable ? 'unverifiable' : 'unreviewed';
}

function matches(pkg: InstalledPackage, key: string, root: string): 'yes' | 'no' | 'unverifiable' {
  let parsed: npa.Result;
  try {
    parsed = npa(key, root);
  } catch {
    return 'no';
  }
  const source = classifySource(pkg, { root, allowedRegistries: [] });
  switch (parsed.type) {
    case 'range':
    case 'version': {
      if (source.kind !== 'registry' && source.kind !== 'registry-elsewhere') return 'no';
      if (parsed.name !== pkg.name) return 'no';
      if (parsed.type === 'range' && isNameOnly(parsed)) return 'yes';
      const version = pkg.resolved ? registryTarballIdentity(pkg.resolved)?.version : undefined;
      if (!version) return 'unverifiable';
      return semver.satisfies(version, parsed.fetchSpec ?? '', { loose: true }) ? 'yes' : 'no';
    }
    case 'git':
      return matchGit(pkg, parsed) ? 'yes' : 'no';
    case 'remote':
      return pkg.resolved === parsed.fetchSpec || pkg.resolved === parsed.saveSpec ? 'yes' : 'no';
    case 'file':
    case 'directory': {
      const resolved = pkg.resolved?.replace(/^file:/, '');
      if (!resolved) return 'no';
      return resolvePath(root, resolved) === parsed.fetchSpec ? 'yes' : 'no';
    }
    default:
      return 'no';
  }
}

function matchGit(pkg: InstalledPackage, key: npa.Result): boolean {
  if (!pkg.resolved) return false;
  let node: npa.Result;
  try {
    node = npa(pkg.resolved);
  } catch {
    return false;
  }
  if (node.type !== 'git') return false;
  const keyRepo = hostedOf(key)?.ssh({ noCommittish: true }) ?? key.fetchSpec;
  const nodeRepo = hostedOf(node)?.ssh({ noCommittish: true }) ?? node.fetchSpec;
  if (!keyRepo || keyRepo !== nodeRepo) return false;
  const wanted = key.gitCommittish || hostedOf(key)?.committish;
  if (!wanted) return true;
  // The lockfile's full SHA must start with the reviewed (often short) SHA, never the reverse.
  const actual = node.gitCommittish || hostedOf(node)?.committish || '';
  return actual !== '' && actual.startsWith(wanted);
}

/** The hosted-git-info object npm-package-arg attaches (its bundled typings omit these members). */
interface Hosted {
  ssh(options?: { noCommittish?: boolean }): string | undefined;
  committish?: string | null;
}

function hostedOf(parsed: npa.Result): Hosted | undefined {
  return parsed.hosted as unknown as Hosted | undefined;
}

function isNameOnly(parsed: npa.Result): boolean {
  return parsed.fetchSpec === '*' || parsed.rawSpec === '' || parsed.rawSpec === '*';
}

function isExactVersions(spec: string): boolean {
  const parts = spec.split('||').map((p) => p.trim());
  return parts.length > 0 && parts.every((p) => p !== '' && semver.valid(p) !== null);
}
