import { relative, resolve, sep } from 'node:path';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ConfigurationError,
  EnvironmentError,
  formatDuration,
  loadPolicy,
  plural,
  type Logger,
} from '@devsecops/action-kit';
import {
  compareFindings,
  meetsThreshold,
  type Finding,
  type Severity,
  type StageResult,
} from '@devsecops/findings';
import { indexAdvisories } from './advisories/match.js';
import { loadNpmAuditReport } from './advisories/npm-audit.js';
import { emptyStats, loadOsvAdvisories } from './advisories/osv.js';
import { introducedFindings, readBaseTree } from './diff.js';
import { evaluateGate, RULES, TOOL } from './gate.js';
import { checkLicenses } from './licenses.js';
import { detectLockfile, readDependencyTree } from './lockfile/read-tree.js';
import { AdvisoryApiError, fetchGithubAdvisories } from './online/github-advisories.js';
import { checkPackuments } from './online/packument-checks.js';
import { fetchPackuments, packumentNamesOf, type Packument } from './online/packuments.js';
import { checkLockfilePresence, checkSupplyChain } from './supply-chain/check.js';
import { resolveDepsPolicy, today, type DepsPolicy } from './policy.js';
import { renderVulnerabilityTable } from './summary.js';
import type { Advisory, AdvisoryLoadStats, DependencyScope, DependencyTree } from './types.js';
import { stripBom } from './bom.js';

/** The version findings and SARIF carry. */
export const TOOL_VERSION = '0.1.0';

/** What the action and the CLI pass to the gate. */
export interface DependencyGateInputs {
  /** The repository root; paths in findings are relative to it. */
  cwd: string;
  /** The project folder (with package.json and its lockfile), relative to cwd. */
  path: string;
  /** The policy file; `.github/devsecops.yml` when unset. */
  configPath?: string;
  /** Folders or .zip archives of OSV records. */
  advisories?: string[];
  /** An `npm audit --json` report (npm 7+). */
  npmAuditReport?: string;
  mode?: 'full' | 'diff';
  /** The base branch or commit for diff mode. */
  baseRef?: string;
  failOn?: Severity;
  scopes?: DependencyScope[];
  /** Never touch the network. */
  offline: boolean;
  token?: string;
  apiUrl?: string;
  /** The npm registry for metadata checks when online, e.g. `https://registry.npmjs.org`. */
  registryUrl?: string;
  /** Today (YYYY-MM-DD) for exception expiry; the real date when unset. */
  date?: string;
}

/** The gate's result: a stage result plus the lists the action publishes as outputs. */
export type DependencyGateResult = StageResult & {
  vulnerable: string[];
  denied: string[];
  licenseViolations: string[];
  /** The per-scope vulnerability table for the job summary. */
  details: string;
};

interface LoadedAdvisories {
  advisories: Advisory[][];
  stats: AdvisoryLoadStats;
  sources: string[];
  notes: string[];
}

/**
 * Runs the dependency gate: reads the lockfile, loads advisories, applies the policy and
 * returns findings. Fails closed: without any advisory source it is a configuration error.
 */
export async function runDependencyGate(
  inputs: DependencyGateInputs,
  logger: Logger,
): Promise<DependencyGateResult> {
  const started = performance.now();
  const projectDir = resolve(inputs.cwd, inputs.path || '.');
  const doc = await loadPolicy(inputs.configPath, inputs.cwd);
  const policy = resolveDepsPolicy(doc, {
    failOn: inputs.failOn,
    scopes: inputs.scopes,
    mode: inputs.mode,
  });
  const policyFile = doc.files[0] ? toPosix(relative(inputs.cwd, doc.files[0])) : undefined;
  if (policy.mode === 'diff' && !inputs.baseRef) {
    throw new ConfigurationError(
      'Diff mode needs a base: set base-ref (or run on a pull_request event, which gives the base branch).',
    );
  }

  // A package.json without any lockfile is a supply-chain finding, not a usage error: there is
  // no tree to check, and the finding says how to create one.
  const missing = await lockfileMissingResult(inputs, projectDir, policy, started);
  if (missing) return missing;

  const tree = await logger.group('Reading the lockfile', async () => {
    const t0 = performance.now();
    const read = await readDependencyTree(projectDir, {
      repoRoot: inputs.cwd,
      displayRoot: process.cwd(),
    });
    logger.info(
      `Read ${read.lockfilePath} (lockfile v${read.lockfileVersion}): ${plural(read.packages.length, 'package')} in ${formatDuration(performance.now() - t0)}.`,
    );
    return read;
  });

  const loaded = await logger.group('Loading advisories', () =>
    loadAdvisories(inputs, tree, logger),
  );
  const index = indexAdvisories(...loaded.advisories);
  const date = inputs.date ?? today();
  const packuments = await fetchRegistryDocuments(inputs, tree, logger, loaded.notes);

  const evaluate = (t: DependencyTree, isBase = false) =>
    evaluateTree(t, index, policy, date, policyFile, {
      offline: inputs.offline,
      packuments,
      readInstalled: !isBase,
    });
  const head = evaluate(tree);
  let findings = head.findings;
  const notes: string[] = [];
  notes.push(
    `Checked ${plural(tree.packages.filter((p) => !p.link).length, 'installed package')} from ${tree.lockfilePath} against ${plural(countAdvisories(loaded), 'advisory', 'advisories')} (${loaded.sources.join(', ')}).`,
  );

  if (policy.mode === 'diff') {
    const baseTree = await logger.group('Reading the base lockfile', () =>
      readBaseTree(
        inputs.cwd,
        toPosix(relative(inputs.cwd, projectDir)) || '.',
        inputs.baseRef!,
        tree.lockfilePath,
      ),
    );
    const base = evaluate(baseTree, true);
    const expiredIds = new Set(head.expiredFindings.map((f) => f.fingerprint));
    findings = [
      ...introducedFindings(
        findings.filter((f) => !expiredIds.has(f.fingerprint)),
        base.findings,
      ),
      ...head.expiredFindings,
    ];
    notes.push(
      `Diff mode: ${plural(findings.length, 'finding')} introduced compared with ${inputs.baseRef} (${plural(head.findings.length - head.expiredFindings.length, 'finding')} in total on this branch).`,
    );
  }

  notes.push(...head.notes, ...loaded.notes, ...describeSkipped(loaded.stats));
  if (head.waived > 0)
    notes.push(`${plural(head.waived, 'finding')} waived by exceptions in the policy.`);
  if (head.outOfScope > 0) {
    notes.push(
      `${plural(head.outOfScope, 'finding')} left out: not in the scopes checked (${policy.scopes.join(', ')}).`,
    );
  }
  for (const e of head.expired) {
    notes.push(
      `Exception for ${e.id} (owner ${e.owner}) expired on ${e.expires}: the run fails until it is renewed or removed.`,
    );
  }

  findings.sort(compareFindings);
  const blocking = findings.some(
    (f) => meetsThreshold(f.severity, policy.failOn) || f.properties?.['malware'] === true,
  );
  const passed = !blocking && head.expired.length === 0;
  const ms = performance.now() - started;
  logger.info(
    `Dependency gate: ${plural(findings.length, 'finding')} in ${formatDuration(ms)}; ${passed ? 'passed' : 'failed'} (fail-on: ${policy.failOn}).`,
  );

  const nameVersion = (f: Finding) =>
    typeof f.properties?.['package'] === 'string'
      ? `${f.properties['package']}@${String(f.properties['version'])}`
      : undefined;
  const listOf = (pick: (f: Finding) => boolean) =>
    [...new Set(findings.filter(pick).map(nameVersion))].filter((v): v is string => !!v).sort();
  const licensed = new Set(listOf((f) => f.ruleId.startsWith('license-')));
  return {
    stage: 'deps',
    tool: TOOL,
    toolVersion: TOOL_VERSION,
    findings,
    threshold: policy.failOn,
    passed,
    notes,
    stats: {
      packages: tree.packages.length,
      advisories: countAdvisories(loaded),
      matches: head.matchCount,
      waived: head.waived,
      ms: Math.round(ms),
    },
    vulnerable: listOf(
      (f) => typeof f.properties?.['advisory'] === 'string' && f.ruleId !== RULES.expiredException,
    ),
    denied: listOf((f) => f.ruleId === RULES.denied),
    // Violations read `name@version: license (status)`; diff mode keeps those still reported.
    licenseViolations: head.licenseViolations.filter((v) =>
      licensed.has(v.slice(0, v.indexOf(':'))),
    ),
    details: renderVulnerabilityTable(findings),
  };
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function countAdvisories(loaded: LoadedAdvisories): number {
  return loaded.advisories.reduce((n, list) => n + list.length, 0);
}

interface TreeEvaluation {
  findings: Finding[];
  expiredFindings: Finding[];
  vulnerable: string[];
  denied: string[];
  licenseViolations: string[];
  waived: number;
  outOfScope: number;
  expired: DepsPolicy['exceptions'];
  notes: string[];
  matchCount: number;
}

function evaluateTree(
  tree: DependencyTree,
  index: ReturnType<typeof indexAdvisories>,
  policy: DepsPolicy,
  date: string,
  policyFile: string | undefined,
  online: { offline: boolean; packuments?: ReadonlyMap<string, Packument>; readInstalled: boolean },
): TreeEvaluation {
  const gate = evaluateGate({ tree, index, policy, date, policyFile });
  const findings = [...gate.findings];
  const notes = [...gate.notes];
  findings.push(
    ...checkSupplyChain(tree, policy.supplyChain, {
      offline: online.offline || !online.packuments,
      packuments: online.packuments,
      readInstalled: online.readInstalled,
      notes,
    }),
  );
  if (online.packuments) {
    findings.push(
      ...checkPackuments(
        tree,
        online.packuments,
        policy.supplyChain,
        new Date(`${date}T12:00:00Z`),
      ),
    );
  }
  let licenseViolations: string[] = [];
  if (policy.licenses) {
    const licenses = checkLicenses(tree, policy.licenses, {
      packuments: online.packuments,
      readInstalled: online.readInstalled,
    });
    findings.push(...licenses.findings);
    notes.push(...licenses.notes);
    licenseViolations = licenses.violations;
  }
  return {
    findings,
    expiredFindings: findings.filter((f) => f.ruleId === RULES.expiredException),
    vulnerable: gate.vulnerable,
    denied: gate.denied,
    licenseViolations,
    waived: gate.waived,
    outOfScope: gate.outOfScope,
    expired: gate.expired,
    notes,
    matchCount: gate.matches.length,
  };
}

async function loadAdvisories(
  inputs: DependencyGateInputs,
  tree: DependencyTree,
  logger: Logger,
): Promise<LoadedAdvisories> {
  const out: LoadedAdvisories = { advisories: [], stats: emptyStats(), sources: [], notes: [] };
  const add = (stats: AdvisoryLoadStats) => {
    for (const key of Object.keys(stats) as (keyof AdvisoryLoadStats)[])
      out.stats[key] += stats[key];
  };

  if (inputs.advisories && inputs.advisories.length > 0) {
    const t0 = performance.now();
    const osv = await loadOsvAdvisories(inputs.advisories, inputs.cwd);
    out.advisories.push(osv.advisories);
    add(osv.stats);
    out.sources.push(`OSV: ${plural(osv.stats.records, 'record')}`);
    logger.info(
      `Loaded ${plural(osv.advisories.length, 'npm advisory', 'npm advisories')} from ${plural(osv.stats.files, 'OSV file')} in ${formatDuration(performance.now() - t0)}.`,
    );
  }
  if (inputs.npmAuditReport) {
    const audit = await loadNpmAuditReport(inputs.npmAuditReport, inputs.cwd);
    out.advisories.push(audit.advisories);
    add(audit.stats);
    out.sources.push(
      `npm audit report: ${plural(audit.advisories.length, 'advisory', 'advisories')}`,
    );
    logger.info(
      `Read ${plural(audit.advisories.length, 'advisory', 'advisories')} from the npm audit report ${inputs.npmAuditReport}.`,
    );
    // A report written for another project names packages this lockfile does not install.
    const installed = new Set(tree.packages.map((p) => p.name.toLowerCase()));
    const strangers = [
      ...new Set(
        audit.advisories.map((a) => a.package).filter((n) => !installed.has(n.toLowerCase())),
      ),
    ].sort();
    if (strangers.length > 0) {
      const shown = strangers.slice(0, 5).join(', ');
      const more = strangers.length > 5 ? ` and ${strangers.length - 5} more` : '';
      const message = `The npm audit report ${inputs.npmAuditReport} names ${plural(strangers.length, 'package')} that ${tree.lockfilePath} does not install (${shown}${more}): it may be another project's report or out of date. Regenerate it with "npm audit --json" beside this lockfile.`;
      out.notes.push(message);
      logger.warning(message);
    }
  }
  let onlineFailure: string | undefined;
  let environmentFailure = false;
  if (!inputs.offline && inputs.token) {
    const coordinates = tree.packages
      .filter((p) => !p.link)
      .map((p) => ({ name: p.name, version: p.version }));
    try {
      const github = await fetchGithubAdvisories(coordinates, {
        token: inputs.token,
        apiUrl: inputs.apiUrl ?? 'https://api.github.com',
        logger,
      });
      out.advisories.push(github.advisories);
      add(github.stats);
      out.sources.push(
        `GitHub advisory API: ${plural(github.advisories.length, 'advisory', 'advisories')}`,
      );
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error;
      // Another source may still answer; without one the gate fails closed below.
      onlineFailure = error.message;
      // A refused token is the user's to fix (exit 2); an unreachable or failing API is not.
      environmentFailure = !(
        error instanceof AdvisoryApiError &&
        (error.status === 401 || error.status === 403)
      );
      out.notes.push(`${error.message} The other advisory sources were used.`);
      logger.warning(error.message);
    }
  }

  if (out.sources.length === 0 && onlineFailure && environmentFailure) {
    // The only source was the network and it did not answer: an environment failure.
    throw new EnvironmentError(`${onlineFailure} No other advisory source was given.`);
  }
  if (out.sources.length === 0) {
    throw new ConfigurationError(
      `No advisory source answered${onlineFailure ? ` (${onlineFailure})` : ''}: give OSV advisories (advisories: DIR or ZIP, --advisories), an npm audit report (npm-audit-report, --npm-audit FILE)${inputs.offline ? '' : ', or run online with a token'}. The gate does not pass without checking.`,
    );
  }
  return out;
}

function describeSkipped(stats: AdvisoryLoadStats): string[] {
  const parts: string[] = [];
  if (stats.invalidFiles > 0) parts.push(plural(stats.invalidFiles, 'unreadable file'));
  if (stats.invalidRecords > 0) parts.push(plural(stats.invalidRecords, 'invalid record'));
  if (stats.invalidRanges > 0) parts.push(plural(stats.invalidRanges, 'invalid range'));
  if (stats.unknownSeverity > 0)
    parts.push(plural(stats.unknownSeverity, 'record') + ' with an unknown severity');
  const notes: string[] = [];
  if (parts.length > 0) notes.push(`Skipped while loading advisories: ${parts.join(', ')}.`);
  if (stats.withdrawn > 0)
    notes.push(`Ignored ${plural(stats.withdrawn, 'withdrawn advisory', 'withdrawn advisories')}.`);
  if (stats.defaultSeverity > 0) {
    notes.push(
      `${plural(stats.defaultSeverity, 'advisory', 'advisories')} without any severity taken as medium.`,
    );
  }
  return notes;
}

/** Registry documents for the online supply-chain checks; none offline or when unreachable. */
async function fetchRegistryDocuments(
  inputs: DependencyGateInputs,
  tree: DependencyTree,
  logger: Logger,
  notes: string[],
): Promise<Map<string, Packument> | undefined> {
  if (inputs.offline || !inputs.registryUrl) return undefined;
  try {
    const result = await logger.group('Reading registry metadata', () =>
      fetchPackuments(packumentNamesOf(tree), { registryUrl: inputs.registryUrl!, logger }),
    );
    if (result.failed.length > 0) {
      notes.push(
        `The registry did not answer for ${plural(result.failed.length, 'package')}; their metadata checks were skipped.`,
      );
    }
    return result.packuments;
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    notes.push(`${error.message} Registry metadata checks were skipped.`);
    logger.warning(error.message);
    return undefined;
  }
}

/** The result when package.json has no lockfile beside it: the supply-chain finding alone. */
async function lockfileMissingResult(
  inputs: DependencyGateInputs,
  projectDir: string,
  policy: DepsPolicy,
  started: number,
): Promise<DependencyGateResult | undefined> {
  const found = await detectLockfile(projectDir);
  if (found.npm || found.others.length > 0 || !found.hasManifest) return undefined;
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(
      stripBom(await readFile(join(projectDir, 'package.json'), 'utf8')),
    ) as Record<string, unknown>;
  } catch {
    return undefined; // readDependencyTree reports the bad package.json
  }
  const manifestFile = toPosix(relative(inputs.cwd, join(projectDir, 'package.json')));
  const finding = checkLockfilePresence(projectDir, manifest, policy.supplyChain, manifestFile);
  const findings = finding ? [finding] : [];
  const passed = !findings.some((f) => meetsThreshold(f.severity, policy.failOn));
  return {
    stage: 'deps',
    tool: TOOL,
    toolVersion: TOOL_VERSION,
    findings,
    threshold: policy.failOn,
    passed,
    notes: [
      finding
        ? `${manifestFile} has no lockfile, so no installed version could be checked against advisories.`
        : `${manifestFile} declares no dependencies and has no lockfile: nothing to check.`,
    ],
    stats: { packages: 0, ms: Math.round(performance.now() - started) },
    vulnerable: [],
    denied: [],
    licenseViolations: [],
    details: '',
  };
}
