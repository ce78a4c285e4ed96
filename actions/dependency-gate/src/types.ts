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
