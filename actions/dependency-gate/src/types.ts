import type { Severity } from '@devsecops/findings';

/** How a package is needed. A package needed both at runtime and for development is runtime. */
export type DependencyScope = 'runtime' | 'development' | 'optional' | 'peer';

/** One installed instance of a package, as the lockfile records it. */
export interface InstalledPackage {
  /** The real package name (the `name` field), even when installed under an alias. */
  name: string;
  /** The name it is installed under, when that differs from `name` (npm aliases). */
  alias?: string;
  version: string;
  /** The lockfile key, e.g. `node_modules/a/node_modules/b`. */
  location: string;
  scope: DependencyScope;
  /** Declared in the root or a workspace package.json. */
  direct: boolean;
  /** Dependency paths from the root, by installed names (a few, shortest first). */
  paths: string[][];
  resolved?: string;
  integrity?: string;
  /** The license as the lockfile or installed package.json records it. */
  license?: string;
  hasInstallScript?: boolean;
  deprecated?: string;
  /** Shipped inside another package's tarball: upgrade `bundledBy` to fix it. */
  bundled?: boolean;
  bundledBy?: string;
  /** A workspace package or a link: never matched against registry advisories. */
  link?: boolean;
  /** 1-based line of the package's entry in the lockfile, for SARIF locations. */
  lockfileLine?: number;
  /**
   * The ranges its dependents declare for it: `by` is the dependent's location (`''` for the
   * root project), `spec` the range as written. Tells whether a fix fits the parent's range.
   */
  requested?: { by: string; spec: string }[];
}

/** The dependency tree read from a lockfile. */
export interface DependencyTree {
  /** Absolute project directory. */
  root: string;
  /** Repository-relative path of the lockfile, e.g. `package-lock.json`. */
  lockfilePath: string;
  lockfileVersion: number;
  packages: InstalledPackage[];
  /** The root package.json as read. */
  manifest: Record<string, unknown>;
  /** Workspace package.json manifests by their folder relative to the root. */
  workspaces: Record<string, Record<string, unknown>>;
}

/** Where an advisory came from. */
export type AdvisorySource = 'osv' | 'npm-audit' | 'github';

/**
 * One interval of affected versions: from `introduced` (inclusive; absent means every earlier
 * version) up to `fixed` (exclusive) or `lastAffected` (inclusive); neither means no fix yet.
 */
export interface AffectedInterval {
  introduced?: string;
  fixed?: string;
  lastAffected?: string;
}

/**
 * One advisory about one npm package, whatever its source. Sources produce these; the matcher
 * evaluates them against installed versions. A version is affected when it lies in one of the
 * `intervals`, satisfies one of the semver `ranges`, or is listed in `versions`.
 */
export interface Advisory {
  /** The primary id: GHSA-…, MAL-…, or the source's own id when there is no GHSA. */
  id: string;
  /** Other ids of the same advisory (CVE-…), so that exceptions and dedupe can use either. */
  aliases: string[];
  source: AdvisorySource;
  /** The npm package name as published (matched case-insensitively). */
  package: string;
  summary: string;
  severity: Severity;
  /** How the severity was found. */
  severityFrom: 'database' | 'cvss-v3' | 'cvss-v4' | 'source' | 'malware' | 'default';
  /** CVSS base score when computed from a vector. */
  cvssScore?: number;
  intervals: AffectedInterval[];
  /** Semver range expressions (npm audit's `range`), evaluated with prereleases included. */
  ranges: string[];
  versions: string[];
  /** A malicious package report (OSV `MAL-` ids): critical, and no exception waives it. */
  malware: boolean;
  url?: string;
}

/** What loading a set of advisories skipped, so that it can be counted rather than fatal. */
export interface AdvisoryLoadStats {
  files: number;
  records: number;
  /** Advisory entries kept (one per record and npm package). */
  advisories: number;
  withdrawn: number;
  /** Records about other ecosystems only. */
  otherEcosystems: number;
  invalidFiles: number;
  invalidRecords: number;
  invalidRanges: number;
  unknownSeverity: number;
  /** Records without any severity, taken as medium. */
  defaultSeverity: number;
}
