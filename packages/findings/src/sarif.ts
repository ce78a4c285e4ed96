import { gzipSync } from 'node:zlib';
import type * as Sarif from 'sarif';
import {
  compareFindings,
  parseSeverity,
  severityRank,
  type Finding,
  type Severity,
  type Stage,
} from './finding.js';

/** Code scanning accepts at most this many results in one run. */
export const MAX_RESULTS_PER_RUN = 25_000;
/** Code scanning rejects uploads larger than this, gzipped. */
export const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;

const LEVEL: Record<Severity, Sarif.Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'none',
};

/** The `security-severity` score code scanning reads to bucket a rule. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: '0.0',
};

/** A rule's description for the SARIF driver. Rules not described are derived from findings. */
export interface RuleDescriptor {
  id: string;
  name?: string;
  title: string;
  description?: string;
  helpUri?: string;
  severity: Severity;
  tags?: string[];
}

/** One tool's findings for one stage: becomes one SARIF run. */
export interface SarifRunInput {
  stage: Stage;
  toolName: string;
  toolVersion: string;
  informationUri?: string;
  findings: readonly Finding[];
  rules?: readonly RuleDescriptor[];
}

/** The SARIF log with what had to be dropped to fit code scanning's limits. */
export interface SarifOutput {
  log: Sarif.Log;
  /** Results dropped (least severe first) to stay within the limits. */
  dropped: number;
}

/** Writes findings as SARIF 2.1.0, one run per input, within code scanning's limits. */
export function toSarif(runs: readonly SarifRunInput[]): SarifOutput {
  let dropped = 0;
  const sorted = runs.map((run) => {
    const findings = [...run.findings].sort(compareFindings);
    if (findings.length > MAX_RESULTS_PER_RUN) {
      dropped += findings.length - MAX_RESULTS_PER_RUN;
      findings.length = MAX_RESULTS_PER_RUN;
    }
    return { run, findings };
  });

  let log = buildLog(sorted);
  // Halve the least severe tail until the gzipped document fits.
  while (gzipSync(JSON.stringify(log)).length > MAX_GZIPPED_BYTES) {
    const biggest = sorted.reduce((a, b) => (b.findings.length > a.findings.length ? b : a));
    const remove = Math.max(1, Math.ceil(biggest.findings.length / 2));
    biggest.findings.length -= remove;
    dropped += remove;
    log = buildLog(sorted);
  }
  if (dropped > 0) {
    for (const run of log.runs) {
      run.properties = { ...run.properties, droppedResults: dropped };
    }
  }
  return { log, dropped };
}

function buildLog(runs: readonly { run: SarifRunInput; findings: Finding[] }[]): Sarif.Log {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: runs.map(({ run, findings }) => buildRun(run, findings)),
  };
}

function buildRun(input: SarifRunInput, findings: readonly Finding[]): Sarif.Run {
  const rules = new Map<string, RuleDescriptor>();
  for (const rule of input.rules ?? []) rules.set(rule.id, rule);
  for (const f of findings) {
    const known = rules.get(f.ruleId);
    if (!known) {
      rules.set(f.ruleId, {
        id: f.ruleId,
        title: f.title,
        severity: f.severity,
        helpUri: f.helpUri,
      });
    } else if (severityRank(f.severity) > severityRank(known.severity)) {
      // A rule's security-severity is the highest of its results, so code scanning never
      // shows a critical result under a rule it files as medium.
      rules.set(f.ruleId, { ...known, severity: f.severity });
    }
  }
  const ruleList = [...rules.values()].filter((r) => findings.some((f) => f.ruleId === r.id));
  const ruleIndex = new Map(ruleList.map((r, i) => [r.id, i]));

  return {
    tool: {
      driver: {
        name: input.toolName,
        version: input.toolVersion,
        semanticVersion: input.toolVersion,
        informationUri: input.informationUri,
        rules: ruleList.map(toReportingDescriptor),
      },
    },
    automationDetails: { id: `devsecops/${input.stage}/` },
    results: findings.map((f) => toResult(f, ruleIndex.get(f.ruleId)!)),
    columnKind: 'utf16CodeUnits',
  };
}

function toReportingDescriptor(rule: RuleDescriptor): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name ?? toPascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description ?? rule.title },
    helpUri: rule.helpUri,
    help: { text: rule.description ?? rule.title },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      tags: ['security', ...(rule.tags ?? [])],
    },
  };
}

function toResult(f: Finding, ruleIndex: number): Sarif.Result {
  const region: Sarif.Region = {};
  if (f.location.startLine !== undefined) region.startLine = f.location.startLine;
  if (f.location.endLine !== undefined) region.endLine = f.location.endLine;
  if (f.location.startColumn !== undefined) region.startColumn = f.location.startColumn;
  if (f.location.endColumn !== undefined) region.endColumn = f.location.endColumn;
  if (f.location.snippet !== undefined) region.snippet = { text: f.location.snippet };

  const physicalLocation: Sarif.PhysicalLocation = {
    artifactLocation: { uri: encodeUriPath(f.location.path), uriBaseId: '%SRCROOT%' },
  };
  if (Object.keys(region).length > 0) physicalLocation.region = region;

  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation }],
    partialFingerprints: { 'devsecops/v1': f.fingerprint },
    properties: { severity: f.severity, ...f.properties },
  };
}

function encodeUriPath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function toPascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/**
 * Reads a SARIF log (ours or another tool's) back into findings. Severity comes from the
 * result's `properties.severity`, else the rule's `security-severity`, else the level.
 */
export function fromSarif(log: Sarif.Log, stage: Stage): Finding[] {
  const findings: Finding[] = [];
  for (const run of log.runs ?? []) {
    const rules = run.tool.driver.rules ?? [];
    for (const result of run.results ?? []) {
      const rule =
        (result.ruleIndex !== undefined ? rules[result.ruleIndex] : undefined) ??
        rules.find((r) => r.id === result.ruleId);
      const ruleId = result.ruleId ?? rule?.id ?? 'unknown';
      const loc = result.locations?.[0]?.physicalLocation;
      const uri = loc?.artifactLocation?.uri ?? '';
      findings.push({
        stage,
        tool: run.tool.driver.name,
        ruleId,
        severity: severityOfResult(result, rule),
        title: rule?.shortDescription?.text ?? ruleId,
        message: result.message.text ?? result.message.markdown ?? '',
        location: {
          path: decodeURIComponent(uri.replace(/^file:\/\//, '')),
          startLine: loc?.region?.startLine,
          endLine: loc?.region?.endLine,
          startColumn: loc?.region?.startColumn,
          endColumn: loc?.region?.endColumn,
          snippet: loc?.region?.snippet?.text,
        },
        fingerprint:
          Object.values(result.partialFingerprints ?? {})[0] ??
          Object.values(result.fingerprints ?? {})[0] ??
          '',
        helpUri: rule?.helpUri,
        properties: result.properties ? { ...result.properties } : undefined,
      });
    }
  }
  return findings;
}

function severityOfResult(result: Sarif.Result, rule?: Sarif.ReportingDescriptor): Severity {
  const own = result.properties?.['severity'];
  if (typeof own === 'string') {
    const parsed = parseSeverity(own);
    if (parsed) return parsed;
  }
  const score = Number(rule?.properties?.['security-severity']);
  if (Number.isFinite(score) && rule?.properties?.['security-severity'] !== undefined) {
    if (score >= 9) return 'critical';
    if (score >= 7) return 'high';
    if (score >= 4) return 'medium';
    if (score > 0) return 'low';
    return 'info';
  }
  const level = result.level ?? rule?.defaultConfiguration?.level ?? 'warning';
  return level === 'error'
    ? 'high'
    : level === 'warning'
      ? 'medium'
      : level === 'note'
        ? 'low'
        : 'info';
}
