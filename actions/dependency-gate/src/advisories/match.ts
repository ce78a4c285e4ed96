import semver, { type SemVer } from 'semver';
import { severityRank } from '@devsecops/findings';
import type { Advisory, AdvisorySource, InstalledPackage } from '../types.js';

/** One advisory affecting one installed package instance, merged across sources. */
export interface AdvisoryMatch {
  pkg: InstalledPackage;
  /** The record findings are built from: OSV first, then the GitHub API, then npm audit. */
  advisory: Advisory;
  /** Every other id the sources gave for it (CVE-…, GHSA-… of a duplicate). */
  aliases: string[];
  sources: AdvisorySource[];
  /** The first version past the affected interval that contains the installed one. */
  fixedIn?: string;
  /** Whether every dependent's declared range admits `fixedIn` (an `npm update` fixes it). */
  parentAllowsFix?: boolean;
}

interface CompiledAdvisory {
  intervals: { lo?: SemVer; hi?: SemVer; hiInclusive: boolean; fixed?: string }[];
  ranges: semver.Range[];
  versions: Set<string>;
}

const compiled = new WeakMap<Advisory, CompiledAdvisory>();

/** Parses an advisory's versions once; later evaluations reuse the parsed form. */
function compile(advisory: Advisory): CompiledAdvisory {
  let c = compiled.get(advisory);
  if (c) return c;
  c = {
    intervals: advisory.intervals.map((i) => {
      const end = i.fixed ?? i.lastAffected;
      return {
        lo: i.introduced ? new semver.SemVer(i.introduced) : undefined,
        hi: end ? new semver.SemVer(end) : undefined,
        hiInclusive: i.fixed === undefined && i.lastAffected !== undefined,
        fixed: i.fixed,
      };
    }),
    ranges: advisory.ranges.flatMap((r) => {
      try {
        return [new semver.Range(r, { includePrerelease: true })];
      } catch {
        return [];
      }
    }),
    versions: new Set(advisory.versions.map((v) => semver.clean(v) ?? v)),
  };
  compiled.set(advisory, c);
  return c;
}

/** Whether `version` is affected, and the fixed version of the interval it lies in. */
export function evaluateAdvisory(
  advisory: Advisory,
  version: SemVer,
): { affected: boolean; fixedIn?: string } {
  const c = compile(advisory);
  let affected = false;
  let fixedIn: string | undefined;
  for (const i of c.intervals) {
    if (i.lo && semver.compare(version, i.lo) < 0) continue;
    if (i.hi) {
      const cmp = semver.compare(version, i.hi);
      if (cmp > 0 || (cmp === 0 && !i.hiInclusive)) continue;
    }
    affected = true;
    fixedIn ??= i.fixed;
  }
  for (const range of c.ranges) {
    if (!range.test(version)) continue;
    affected = true;
    fixedIn ??= upperBoundOf(range, version);
  }
  if (!affected && c.versions.has(version.version)) affected = true;
  return affected ? { affected, fixedIn } : { affected };
}

/** For `<1.2.3` (or `>=1.0.0 <1.2.3 || ...`), the exclusive upper bound of the matching part. */
function upperBoundOf(range: semver.Range, version: SemVer): string | undefined {
  for (const set of range.set) {
    if (!set.every((comparator) => comparator.test(version))) continue;
    const upper = set.find((comparator) => comparator.operator === '<');
    if (upper) return upper.semver.version;
  }
  return undefined;
}

/** Advisories by lowercased package name, built once per run. */
export type AdvisoryIndex = Map<string, Advisory[]>;

/** Indexes advisories by package name (npm names are unique regardless of case). */
export function indexAdvisories(...sets: readonly (readonly Advisory[])[]): AdvisoryIndex {
  const index: AdvisoryIndex = new Map();
  for (const set of sets) {
    for (const advisory of set) {
      const key = advisory.package.toLowerCase();
      const list = index.get(key);
      if (list) list.push(advisory);
      else index.set(key, [advisory]);
    }
  }
  return index;
}

const SOURCE_ORDER: Record<AdvisorySource, number> = { osv: 0, github: 1, 'npm-audit': 2 };

/**
 * Matches installed packages against the index: only each package's own advisories are
 * evaluated. Workspace packages and links are never matched against registry advisories.
 * The same advisory from several sources (linked by id or alias) yields one match.
 */
export function matchAdvisories(
  packages: readonly InstalledPackage[],
  index: AdvisoryIndex,
): AdvisoryMatch[] {
  const matches: AdvisoryMatch[] = [];
  for (const pkg of packages) {
    if (pkg.link) continue;
    const candidates = index.get(pkg.name.toLowerCase());
    if (!candidates) continue;
    const version = semver.parse(pkg.version);
    if (!version) continue;

    const hits: { advisory: Advisory; fixedIn?: string }[] = [];
    for (const advisory of candidates) {
      const result = evaluateAdvisory(advisory, version);
      if (result.affected) hits.push({ advisory, fixedIn: result.fixedIn });
    }
    for (const group of groupByIdentity(hits)) matches.push(toMatch(pkg, group));
  }
  return matches;
}

/** Groups hits whose ids or aliases overlap (union-find over the id strings). */
function groupByIdentity<T extends { advisory: Advisory }>(hits: T[]): T[][] {
  if (hits.length <= 1) return hits.map((h) => [h]);
  const parent = hits.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  hits.forEach((hit, i) => {
    for (const id of [hit.advisory.id, ...hit.advisory.aliases]) {
      const key = id.toUpperCase();
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, T[]>();
  hits.forEach((hit, i) => {
    const root = find(i);
    const list = groups.get(root);
    if (list) list.push(hit);
    else groups.set(root, [hit]);
  });
  return [...groups.values()];
}

function toMatch(
  pkg: InstalledPackage,
  group: { advisory: Advisory; fixedIn?: string }[],
): AdvisoryMatch {
  group.sort(
    (a, b) =>
      SOURCE_ORDER[a.advisory.source] - SOURCE_ORDER[b.advisory.source] ||
      severityRank(b.advisory.severity) - severityRank(a.advisory.severity),
  );
  const primary = group[0]!;
  const ids = new Set<string>();
  for (const { advisory } of group)
    for (const id of [advisory.id, ...advisory.aliases]) ids.add(id);
  ids.delete(primary.advisory.id);
  const fixedIn = primary.fixedIn ?? group.find((g) => g.fixedIn)?.fixedIn;
  const match: AdvisoryMatch = {
    pkg,
    advisory: primary.advisory,
    aliases: [...ids].sort(),
    sources: [...new Set(group.map((g) => g.advisory.source))],
  };
  if (fixedIn) {
    match.fixedIn = fixedIn;
    const allows = parentAllowsFix(pkg, fixedIn);
    if (allows !== undefined) match.parentAllowsFix = allows;
  }
  return match;
}

/**
 * True when every dependent's declared range admits the fixed version; false when one does
 * not or the package is bundled (its bundler must be upgraded); undefined when no range is
 * a semver range (git or tarball dependencies).
 */
export function parentAllowsFix(pkg: InstalledPackage, fixedIn: string): boolean | undefined {
  if (pkg.bundled) return false;
  const specs = (pkg.requested ?? [])
    .map((r) => (r.spec.startsWith('npm:') ? r.spec.slice(r.spec.lastIndexOf('@') + 1) : r.spec))
    .filter((spec) => semver.validRange(spec) !== null);
  if (specs.length === 0) return undefined;
  return specs.every((spec) => semver.satisfies(fixedIn, spec, { includePrerelease: true }));
}
