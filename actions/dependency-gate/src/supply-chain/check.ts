import { fingerprintOf, type Finding, type Location, type Severity } from '@devsecops/findings';
import type { Packument } from '../online/packuments.js';
import type { DependencyTree, InstalledPackage } from '../types.js';
import { decideScripts, readAllowScripts, type ScriptDecision } from './allow-scripts.js';
import {
  declaresDependencies,
  findSyncProblems,
  hasNpmLockfile,
  manifestLine,
  manifestPath,
  readManifestText,
} from './manifest.js';
import { createMetadataResolver } from './metadata.js';
import { checkSetting, type SupplyChainCheck, type SupplyChainPolicy } from './policy.js';
import { classifySource, type PackageSource } from './sources.js';
import { createTyposquatDetector, type TyposquatMatch } from './typosquat.js';

const TOOL = 'devsecops-deps';

/** The title of each supply-chain rule. */
export const SUPPLY_CHAIN_TITLES: Record<SupplyChainCheck, string> = {
  'lockfile-missing': 'No lockfile',
  'lockfile-out-of-sync': 'Lockfile out of sync with package.json',
  'non-registry-source': 'Dependency from outside the allowed registries',
  'insecure-http': 'Dependency downloaded over plain HTTP',
  typosquat: 'Possible typosquat of a popular package',
  'install-script-not-allowed': 'Unreviewed install script',
  'missing-integrity': 'No integrity hash',
  'weak-integrity': 'SHA-1 integrity only',
  deprecated: 'Deprecated version',
  'new-maintainer': 'New maintainer on the installed version',
  'recently-published': 'Recently published version',
};

/** Options of {@link checkSupplyChain}. */
export interface SupplyChainOptions {
  /** No network: registry documents are neither fetched nor expected. */
  offline: boolean;
  /** Registry documents by name, fetched by the caller when online (see fetchPackuments). */
  packuments?: ReadonlyMap<string, Packument>;
  /** Read installed `node_modules/<location>/package.json` files (default true). */
  readInstalled?: boolean;
  /** Receives lines for the summary: what could not be checked and why. */
  notes?: string[];
}

/**
 * Runs the offline supply-chain checks on a dependency tree read from a lockfile: package.json
 * and lockfile agreement, sources outside the allowed registries, plain-http downloads, names
 * imitating popular packages, unreviewed install scripts, missing or SHA-1-only integrity and
 * deprecated versions. What the lockfile does not record comes from node_modules, then from the
 * registry documents when given; the rest is counted in a note, never guessed.
 */
export function checkSupplyChain(
  tree: DependencyTree,
  policy: SupplyChainPolicy,
  options: SupplyChainOptions,
): Finding[] {
  const notes = options.notes ?? [];
  const out = new FindingSink(tree, policy);
  // A disabled check skips its work, not only its findings.
  const enabled = (id: SupplyChainCheck) => checkSetting(policy, id).enabled;
  const checkSources = enabled('non-registry-source') || enabled('insecure-http');
  const checkIntegrities = enabled('missing-integrity') || enabled('weak-integrity');
  const checkScripts = enabled('install-script-not-allowed');
  const checkDeprecation = enabled('deprecated');
  const metadata = createMetadataResolver(tree, {
    ...(options.offline || !options.packuments ? {} : { packuments: options.packuments }),
    readInstalled: options.readInstalled ?? true,
  });

  if (enabled('lockfile-out-of-sync')) checkSync(tree, out);

  const sourceOptions = { root: tree.root, allowedRegistries: policy['allowed-registries'] };
  const typosquat = enabled('typosquat')
    ? createTyposquatDetector({
        distance: policy['typosquat-distance'],
        ignore: policy['typosquat-ignore'],
      })
    : undefined;
  const scripts = readAllowScripts(policy['allow-scripts'], tree.manifest);
  for (const line of scripts.ignored) notes.push(`Ignored ${line}.`);
  let unknownScripts = 0;
  let unknownDeprecation = 0;
  let unverifiable = 0;

  for (const pkg of tree.packages) {
    const source =
      checkSources || checkIntegrities ? classifySource(pkg, sourceOptions) : undefined;
    if (source && checkSources && !pkg.bundled) checkSource(pkg, source, out);

    if (typosquat && !pkg.link) {
      const match = typosquat(pkg.name);
      if (match)
        out.add('typosquat', pkg, typosquatMessage(pkg, match), {
          target: match.target,
          kind: match.kind,
        });
    }
    if (pkg.link || pkg.bundled) continue;

    if (checkIntegrities && (source?.kind === 'registry' || source?.kind === 'registry-elsewhere'))
      checkIntegrity(pkg, tree, out);

    if (!checkScripts && !checkDeprecation) continue;
    const meta = metadata(pkg);
    if (checkScripts) {
      if (!meta.hasInstallScript) unknownScripts++;
      else if (meta.hasInstallScript.value) {
        const decision = decideScripts(pkg, scripts.entries, tree.root);
        if (decision === 'unverifiable') unverifiable++;
        if (decision === 'unreviewed' || decision === 'unverifiable') {
          out.add('install-script-not-allowed', pkg, scriptMessage(pkg, decision, tree), {
            decision,
            source: meta.hasInstallScript.source,
          });
        }
      }
    }

    if (checkDeprecation) {
      if (!meta.deprecated) unknownDeprecation++;
      else if (meta.deprecated.value !== false) {
        out.add(
          'deprecated',
          pkg,
          `${pkg.name} ${pkg.version} is deprecated: "${meta.deprecated.value}".`,
          {
            reason: meta.deprecated.value,
            source: meta.deprecated.source,
          },
        );
      }
    }
  }

  const where = `${tree.lockfilePath} (lockfile v${tree.lockfileVersion})`;
  if (unknownScripts > 0) {
    notes.push(
      `Install scripts of ${plural(unknownScripts, 'package')} are unknown: ${where} does not record them and no installed copy or registry document was available for them.`,
    );
  }
  if (unknownDeprecation > 0) {
    notes.push(
      `Deprecation of ${plural(unknownDeprecation, 'package')} is unknown: ${tree.lockfilePath} does not record it; ${options.offline ? 'run online or install node_modules to check it' : 'the registry did not answer for them'}.`,
    );
  }
  if (unverifiable > 0) {
    notes.push(
      `${plural(unverifiable, 'install-script approval')} pin a version that ${tree.lockfilePath} cannot confirm (no resolved URL); npm refuses such entries as well.`,
    );
  }
  return out.findings();
}

/**
 * Reports a project whose package.json declares dependencies but has no package-lock.json or
 * npm-shrinkwrap.json: installs are then not reproducible. Returns undefined otherwise.
 */
export function checkLockfilePresence(
  projectDir: string,
  manifest: Record<string, unknown>,
  policy: SupplyChainPolicy,
  /** The repository-relative path of that package.json. */
  manifestFile = 'package.json',
): Finding | undefined {
  const setting = checkSetting(policy, 'lockfile-missing');
  if (!setting.enabled || !declaresDependencies(manifest) || hasNpmLockfile(projectDir))
    return undefined;
  const name = typeof manifest['name'] === 'string' ? manifest['name'] : manifestFile;
  return {
    stage: 'deps',
    tool: TOOL,
    ruleId: 'lockfile-missing',
    severity: setting.severity,
    title: SUPPLY_CHAIN_TITLES['lockfile-missing'],
    message: `${manifestFile} declares dependencies but there is no package-lock.json or npm-shrinkwrap.json beside it, so installs are not reproducible. Run "npm install --package-lock-only" and commit the lockfile.`,
    location: { path: manifestFile, startLine: 1 },
    fingerprint: fingerprintOf('lockfile-missing', name, manifestFile),
  };
}

function checkSync(tree: DependencyTree, out: FindingSink): void {
  const texts = new Map<string, string | undefined>();
  for (const problem of findSyncProblems(tree)) {
    if (!texts.has(problem.workspace))
      texts.set(problem.workspace, readManifestText(tree, problem.workspace));
    const text = texts.get(problem.workspace);
    const path = manifestPath(tree, problem.workspace);
    const line = text ? manifestLine(text, problem.section, problem.name) : undefined;
    const installed = problem.installed;
    const message = installed
      ? `${path} declares ${problem.name} ${problem.spec} in ${problem.section}, but ${tree.lockfilePath} installs ${describeInstalled(installed)}. Run "npm install" and commit the updated lockfile.`
      : `${path} declares ${problem.name} ${problem.spec} in ${problem.section}, but ${tree.lockfilePath} does not install it. Run "npm install" and commit the updated lockfile.`;
    out.addAt(
      'lockfile-out-of-sync',
      problem.name,
      { path, ...(line ? { startLine: line } : {}) },
      message,
      {
        package: problem.name,
        declared: problem.spec,
        section: problem.section,
        workspace: problem.workspace,
        installed: installed?.version ?? null,
      },
    );
  }
}

function describeInstalled(pkg: InstalledPackage): string {
  if (pkg.resolved && !/^https?:/.test(pkg.resolved) && pkg.resolved !== '') {
    return `${pkg.name}${pkg.version ? ` ${pkg.version}` : ''} from ${pkg.resolved}`;
  }
  return `${pkg.name} ${pkg.version}`;
}

function checkSource(pkg: InstalledPackage, source: PackageSource, out: FindingSink): void {
  const subject = `${pkg.name} ${pkg.version}`;
  const where = pkg.resolved ?? '';
  let reason: string | undefined;
  switch (source.kind) {
    case 'git':
      reason = `${subject} is installed from git (${where}), outside any registry: its content is whatever the repository holds.`;
      break;
    case 'remote':
      reason = `${subject} is installed from ${where}, a URL that is not an allowed registry.`;
      break;
    case 'registry-elsewhere':
      reason = `${subject} is installed from ${source.host ?? where}, a registry not listed in allowed-registries.`;
      break;
    case 'file':
    case 'link':
      if (source.outside) {
        reason = `${subject} is installed from ${where}, a path outside the project that the lockfile cannot pin.`;
      }
      break;
    case 'registry':
      break;
  }
  if (reason)
    out.add('non-registry-source', pkg, reason, { source: source.kind, resolved: where || null });
  if (source.insecure) {
    out.add(
      'insecure-http',
      pkg,
      `${subject} is downloaded without TLS (${where}); anyone on the network path can replace it. Use https.`,
      { resolved: where },
    );
  }
}

function checkIntegrity(pkg: InstalledPackage, tree: DependencyTree, out: FindingSink): void {
  const subject = `${pkg.name} ${pkg.version}`;
  if (!pkg.integrity) {
    out.add(
      'missing-integrity',
      pkg,
      `${subject} has no integrity hash in ${tree.lockfilePath}, so its tarball is not verified on install. Reinstall it to record one.`,
      {},
    );
    return;
  }
  const algorithms = pkg.integrity
    .split(/\s+/)
    .filter(Boolean)
    .map((h) => h.slice(0, h.indexOf('-')));
  if (algorithms.length > 0 && algorithms.every((a) => a === 'sha1')) {
    out.add(
      'weak-integrity',
      pkg,
      `${subject} is verified only by a SHA-1 hash in ${tree.lockfilePath}; reinstall it (remove its entry, then npm install) to record SHA-512.`,
      { integrity: 'sha1' },
    );
  }
}

function typosquatMessage(pkg: InstalledPackage, match: TyposquatMatch): string {
  const how =
    match.kind === 'separator'
      ? 'the same letters with other separators'
      : match.kind === 'scope'
        ? 'a confusable scope'
        : match.kind === 'affix'
          ? 'the same name with a decoration'
          : `${match.distance === 1 ? 'one edit' : `${match.distance} edits`} away`;
  return `${pkg.name} looks like the popular package ${match.target} (${how}). Check that it is the package you meant; if it is, add it to typosquat-ignore.`;
}

function scriptMessage(
  pkg: InstalledPackage,
  decision: ScriptDecision,
  tree: DependencyTree,
): string {
  const subject = `${pkg.name} ${pkg.version}`;
  if (decision === 'unverifiable') {
    return `${subject} runs an install script; its allowScripts entry pins a version that ${tree.lockfilePath} cannot confirm (no resolved URL), so npm does not honour it. Approve the name without a version, or keep resolved URLs in the lockfile.`;
  }
  return `${subject} runs an install script that no allowScripts entry approves. Review it, then run "npm install-scripts approve ${pkg.name}" or list it under allow-scripts.`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** Collects findings, one per rule and package name, listing every version found. */
class FindingSink {
  private readonly groups = new Map<string, Finding & { versions: string[] }>();

  constructor(
    private readonly tree: DependencyTree,
    private readonly policy: SupplyChainPolicy,
  ) {}

  add(
    id: SupplyChainCheck,
    pkg: InstalledPackage,
    message: string,
    properties: Record<string, unknown>,
  ): void {
    const location: Location = {
      path: this.tree.lockfilePath,
      ...(pkg.lockfileLine ? { startLine: pkg.lockfileLine } : {}),
    };
    const key = `${id}\0${pkg.name}`;
    const existing = this.groups.get(key);
    if (existing) {
      if (!existing.versions.includes(pkg.version)) {
        existing.versions.push(pkg.version);
        existing.properties!['versions'] = [...existing.versions];
      }
      const locations = existing.properties!['locations'] as string[];
      if (locations.length < 10) locations.push(pkg.location);
      return;
    }
    const props: Record<string, unknown> = {
      package: pkg.name,
      versions: [pkg.version],
      locations: [pkg.location],
      scope: pkg.scope,
      direct: pkg.direct,
      ...properties,
    };
    if (pkg.paths[0]) props['path'] = pkg.paths[0].join(' > ');
    this.put(key, id, pkg.name, location, message, props, [pkg.version]);
  }

  addAt(
    id: SupplyChainCheck,
    name: string,
    location: Location,
    message: string,
    properties: Record<string, unknown>,
  ): void {
    const key = `${id}\0${location.path}\0${name}`;
    if (!this.groups.has(key)) this.put(key, id, name, location, message, properties, []);
  }

  findings(): Finding[] {
    return [...this.groups.values()].map((group) => {
      const { versions, ...finding } = group;
      if (versions.length > 1) {
        const name = String(finding.properties?.['package']);
        finding.message = finding.message.replace(
          `${name} ${versions[0]}`,
          `${name} ${versions.join(', ')}`,
        );
      }
      return finding;
    });
  }

  private put(
    key: string,
    id: SupplyChainCheck,
    name: string,
    location: Location,
    message: string,
    properties: Record<string, unknown>,
    versions: string[],
  ): void {
    const setting = checkSetting(this.policy, id);
    if (!setting.enabled) return;
    const severity: Severity = setting.severity;
    this.groups.set(key, {
      stage: 'deps',
      tool: TOOL,
      ruleId: id,
      severity,
      title: SUPPLY_CHAIN_TITLES[id],
      message,
      location,
      fingerprint: fingerprintOf(id, name, location.path),
      properties,
      versions,
    });
  }
}
