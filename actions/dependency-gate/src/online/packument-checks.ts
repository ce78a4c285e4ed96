import { fingerprintOf, type Finding } from '@devsecops/findings';
import semver from 'semver';
import { SUPPLY_CHAIN_TITLES } from '../supply-chain/check.js';
import {
  checkSetting,
  type SupplyChainCheck,
  type SupplyChainPolicy,
} from '../supply-chain/policy.js';
import type { DependencyTree, InstalledPackage } from '../types.js';
import type { Packument } from './packuments.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks installed versions against their registry documents: `new-maintainer` when a
 * maintainer or the publisher of the installed version was not a maintainer of the version
 * before it (a taken-over package), `recently-published` when the version is younger than the
 * policy's `min-age-days`. Packages without a document are skipped. Online only.
 */
export function checkPackuments(
  tree: DependencyTree,
  packuments: ReadonlyMap<string, Packument>,
  policy: SupplyChainPolicy,
  now: Date = new Date(),
): Finding[] {
  const findings = new Map<string, Finding>();
  const maintainers = checkSetting(policy, 'new-maintainer');
  const recent = checkSetting(policy, 'recently-published');
  const minAgeMs = policy['min-age-days'] * DAY_MS;

  for (const pkg of tree.packages) {
    if (pkg.link || pkg.bundled) continue;
    const doc = packuments.get(pkg.name);
    const manifest = doc?.versions?.[pkg.version];
    if (!doc || !manifest) continue;

    if (maintainers.enabled) {
      const added = newMaintainers(doc, pkg.version);
      if (added && added.names.length > 0) {
        add(findings, tree, pkg, 'new-maintainer', maintainers.severity, {
          message: `${pkg.name} ${pkg.version} lists ${added.names.join(', ')} as maintainer or publisher, who ${added.names.length === 1 ? 'was' : 'were'} not among the maintainers of ${added.previous}. Check that the package has not changed hands.`,
          properties: { added: added.names, previous: added.previous },
        });
      }
    }

    const published = doc.time?.[pkg.version];
    if (recent.enabled && minAgeMs > 0 && published) {
      const age = now.getTime() - Date.parse(published);
      if (Number.isFinite(age) && age >= 0 && age < minAgeMs) {
        const days = Math.floor(age / DAY_MS);
        add(findings, tree, pkg, 'recently-published', recent.severity, {
          message: `${pkg.name} ${pkg.version} was published ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`} ago (${published.slice(0, 10)}), within min-age-days (${policy['min-age-days']}); new releases are where hijacked packages show up first.`,
          properties: { published },
        });
      }
    }
  }
  return [...findings.values()];
}

/** The maintainer and publisher names of a version that the previous version did not have. */
function newMaintainers(
  doc: Packument,
  version: string,
): { names: string[]; previous: string } | undefined {
  const versions = Object.keys(doc.versions ?? {}).filter((v) => semver.valid(v));
  const current = semver.parse(version);
  if (!current) return undefined;
  const earlier = versions
    .filter(
      (v) => semver.lt(v, version) && (current.prerelease.length > 0 || !semver.prerelease(v)),
    )
    .sort(semver.rcompare);
  const previous = earlier[0];
  if (!previous) return undefined;
  const before = namesOf(doc.versions![previous]!, false);
  if (before.size === 0) return undefined;
  const now = namesOf(doc.versions![version]!, true);
  return { names: [...now].filter((n) => !before.has(n)).sort(), previous };
}

function namesOf(manifest: Record<string, unknown>, withPublisher: boolean): Set<string> {
  const names = new Set<string>();
  const list = manifest['maintainers'];
  if (Array.isArray(list)) {
    for (const m of list) {
      const name =
        typeof m === 'string' ? m.replace(/\s*<.*$/, '') : (m as { name?: unknown })?.name;
      if (typeof name === 'string' && name !== '') names.add(name);
    }
  }
  const publisher = (manifest['_npmUser'] as { name?: unknown } | undefined)?.name;
  if (withPublisher && typeof publisher === 'string' && publisher !== '') names.add(publisher);
  return names;
}

function add(
  findings: Map<string, Finding>,
  tree: DependencyTree,
  pkg: InstalledPackage,
  id: SupplyChainCheck,
  severity: Finding['severity'],
  detail: { message: string; properties: Record<string, unknown> },
): void {
  const key = `${id}\0${pkg.name}`;
  if (findings.has(key)) return;
  findings.set(key, {
    stage: 'deps',
    tool: 'devsecops-deps',
    ruleId: id,
    severity,
    title: SUPPLY_CHAIN_TITLES[id],
    message: detail.message,
    location: {
      path: tree.lockfilePath,
      ...(pkg.lockfileLine ? { startLine: pkg.lockfileLine } : {}),
    },
    fingerprint: fingerprintOf(id, pkg.name, tree.lockfilePath),
    properties: {
      package: pkg.name,
      version: pkg.version,
      scope: pkg.scope,
      direct: pkg.direct,
      ...detail.properties,
    },
  });
}
