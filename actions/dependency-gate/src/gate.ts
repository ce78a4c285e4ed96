import {
  expiredExceptionFinding,
  expiredExceptionRule,
  fingerprintOf,
  type Finding,
} from '@devsecops/findings';
import { matchAdvisories, type AdvisoryIndex, type AdvisoryMatch } from './advisories/match.js';
import {
  deniedBy,
  exceptionCovers,
  isExpired,
  type DepsException,
  type DepsPolicy,
} from './policy.js';
import type { DependencyTree, InstalledPackage } from './types.js';

/** The tool name findings carry. */
export const TOOL = 'devsecops-deps';

/** Rule ids besides advisory ids. */
export const RULES = {
  denied: 'deps/denied-package',
  expiredException: expiredExceptionRule('deps'),
} as const;

/** What the vulnerability and deny checks found on one tree. */
export interface GateOutcome {
  findings: Finding[];
  /** `name@version` of each package with a reported vulnerability. */
  vulnerable: string[];
  /** `name@version` of each denied package installed. */
  denied: string[];
  matches: AdvisoryMatch[];
  waived: number;
  outOfScope: number;
  /** Exceptions past their date: each fails the run. */
  expired: DepsException[];
  notes: string[];
}

/** Options of {@link evaluateGate}. */
export interface GateOptions {
  tree: DependencyTree;
  index: AdvisoryIndex;
  policy: DepsPolicy;
  /** Today, YYYY-MM-DD (UTC), against which exceptions expire. */
  date: string;
  /** Repository-relative path of the policy file, where expired exceptions are reported. */
  policyFile?: string;
}

/**
 * Matches the tree against the advisories, applies scopes, exceptions and the deny list, and
 * turns what remains into findings. Malware is reported whatever the scope or exceptions.
 */
export function evaluateGate(options: GateOptions): GateOutcome {
  const { tree, index, policy, date } = options;
  const expired = policy.exceptions.filter((e) => isExpired(e, date));
  const active = policy.exceptions.filter((e) => !isExpired(e, date));
  const scopes = new Set(policy.scopes);
  const findings: Finding[] = [];
  const notes: string[] = [];
  const vulnerable = new Set<string>();
  let waived = 0;
  let outOfScope = 0;
  let malwareNotWaived = 0;

  const matches = matchAdvisories(tree.packages, index);
  for (const match of matches) {
    const { pkg, advisory } = match;
    if (!advisory.malware && !scopes.has(pkg.scope)) {
      outOfScope++;
      continue;
    }
    const ids = [advisory.id, ...match.aliases];
    const exception = active.find((e) => exceptionCovers(e, ids, pkg));
    if (exception && advisory.malware) malwareNotWaived++;
    else if (exception) {
      waived++;
      continue;
    }
    findings.push(vulnerabilityFinding(match, tree.lockfilePath));
    vulnerable.add(`${pkg.name}@${pkg.version}`);
  }

  const denied = new Set<string>();
  if (policy.deny.length > 0) {
    for (const pkg of tree.packages) {
      if (pkg.link) continue;
      const rule = deniedBy(pkg, policy.deny);
      if (!rule) continue;
      denied.add(`${pkg.name}@${pkg.version}`);
      findings.push(deniedFinding(pkg, rule.severity, rule.reason, tree.lockfilePath, rule.range));
    }
  }

  for (const exception of expired) {
    findings.push(expiredFinding(exception, options.policyFile ?? '.github/devsecops.yml'));
  }
  if (malwareNotWaived > 0) {
    notes.push(
      `${malwareNotWaived === 1 ? 'An exception matches a malware report and was' : `${malwareNotWaived} exceptions match malware reports and were`} ignored: exceptions cannot waive malicious packages.`,
    );
  }
  return {
    findings,
    vulnerable: [...vulnerable].sort(),
    denied: [...denied].sort(),
    matches,
    waived,
    outOfScope,
    expired,
    notes,
  };
}

function pathText(pkg: InstalledPackage): string {
  const first = pkg.paths[0];
  return first ? first.join(' > ') : pkg.location;
}

function vulnerabilityFinding(match: AdvisoryMatch, lockfilePath: string): Finding {
  const { pkg, advisory } = match;
  const cve = match.aliases.filter((a) => a.startsWith('CVE-'));
  const idText = cve.length > 0 ? `${advisory.id} (${cve.join(', ')})` : advisory.id;
  let fix: string;
  if (pkg.bundled && pkg.bundledBy) {
    fix = match.fixedIn
      ? `Fixed in ${match.fixedIn}; it is bundled in ${pkg.bundledBy}, so upgrade ${pkg.bundledBy}.`
      : `No fixed version is known; it is bundled in ${pkg.bundledBy}.`;
  } else if (match.fixedIn) {
    fix = `Fixed in ${match.fixedIn}${
      match.parentAllowsFix === true
        ? ' (the declared range allows it: npm update fixes it)'
        : match.parentAllowsFix === false
          ? ' (outside the declared range: upgrade the parent or the manifest)'
          : ''
    }.`;
  } else {
    fix = 'No fixed version is known.';
  }
  const kind = advisory.malware ? 'is a malicious package' : `is affected by ${idText}`;
  const message = `${pkg.name}@${pkg.version} ${kind} (${advisory.severity}${
    advisory.summary ? `: ${advisory.summary}` : ''
  }). ${fix} Path: ${pathText(pkg)} (${pkg.scope}).`;
  const finding: Finding = {
    stage: 'deps',
    tool: TOOL,
    ruleId: advisory.id,
    severity: advisory.severity,
    title: advisory.summary || `${advisory.id} in ${advisory.package}`,
    message,
    location: locationOf(pkg, lockfilePath),
    fingerprint: fingerprintOf('deps', advisory.id, pkg.name, lockfilePath, pkg.location),
    properties: {
      package: pkg.name,
      version: pkg.version,
      advisory: advisory.id,
      aliases: match.aliases,
      fixedIn: match.fixedIn ?? null,
      parentAllowsFix: match.parentAllowsFix ?? null,
      scope: pkg.scope,
      paths: pkg.paths.map((p) => p.join(' > ')),
      direct: pkg.direct,
      malware: advisory.malware,
      sources: match.sources,
      ...(pkg.bundledBy ? { bundledBy: pkg.bundledBy } : {}),
      ...(advisory.cvssScore !== undefined ? { cvssScore: advisory.cvssScore } : {}),
    },
  };
  if (advisory.url) finding.helpUri = advisory.url;
  return finding;
}

function locationOf(pkg: InstalledPackage, lockfilePath: string): Finding['location'] {
  return pkg.lockfileLine !== undefined
    ? { path: lockfilePath, startLine: pkg.lockfileLine }
    : { path: lockfilePath };
}

function deniedFinding(
  pkg: InstalledPackage,
  severity: Finding['severity'],
  reason: string | undefined,
  lockfilePath: string,
  range: string | undefined,
): Finding {
  return {
    stage: 'deps',
    tool: TOOL,
    ruleId: RULES.denied,
    severity,
    title: 'Denied package',
    message: `${pkg.name}@${pkg.version} is on the deny list${range ? ` (${range})` : ''}${
      reason ? `: ${reason}` : ''
    }. Path: ${pathText(pkg)} (${pkg.scope}).`,
    location: locationOf(pkg, lockfilePath),
    fingerprint: fingerprintOf('deps', RULES.denied, pkg.name, lockfilePath, pkg.location),
    properties: {
      package: pkg.name,
      version: pkg.version,
      scope: pkg.scope,
      paths: pkg.paths.map((p) => p.join(' > ')),
      direct: pkg.direct,
    },
  };
}

function expiredFinding(exception: DepsException, policyFile: string): Finding {
  const detail = [exception.package, exception.path].filter(Boolean).join(', ');
  return expiredExceptionFinding({
    stage: 'deps',
    tool: TOOL,
    name: exception.id,
    detail: detail || undefined,
    owner: exception.owner,
    expires: exception.expires,
    policyFile,
    key: [exception.id, exception.package, exception.path],
    remedy: 'Fix the dependency',
    properties: { advisory: exception.id },
  });
}
