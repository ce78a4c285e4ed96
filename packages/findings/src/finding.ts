/** The five stages, named the same everywhere: CLI subcommand, policy section, SARIF category. */
export const STAGES = ['secrets', 'deps', 'sbom', 'sast', 'dast'] as const;
export type Stage = (typeof STAGES)[number];

/** Severities from most to least severe. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where a finding sits, relative to the repository root. */
export interface Location {
  /** Repository-relative path with forward slashes. */
  path: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
  /** A snippet of the location, already redacted by the stage that produced it. */
  snippet?: string;
}

/** One thing a stage found. Every stage produces these; every report is rendered from them. */
export interface Finding {
  stage: Stage;
  /** The tool that produced it, e.g. `devsecops-secrets`. */
  tool: string;
  ruleId: string;
  severity: Severity;
  /** A short title of the rule, e.g. `AWS access key`. */
  title: string;
  /** A sentence about this finding; never contains a secret. */
  message: string;
  location: Location;
  /** Stable across runs and line shifts; used as SARIF partial fingerprint and baseline key. */
  fingerprint: string;
  helpUri?: string;
  /** Tool-specific facts (commit, package, advisory ids, ...). JSON-serialisable. */
  properties?: Record<string, unknown>;
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** A number that orders severities: critical is 4, info is 0. */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** True when `severity` is at or above `threshold`. */
export function meetsThreshold(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/** Parses a severity name, accepting `moderate` for medium; undefined when unknown. */
export function parseSeverity(value: string): Severity | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'moderate') return 'medium';
  if (v === 'informational' || v === 'note' || v === 'none') return 'info';
  return (SEVERITIES as readonly string[]).includes(v) ? (v as Severity) : undefined;
}

/** Orders findings most severe first, then by path, line and rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    RANK[b.severity] - RANK[a.severity] ||
    a.location.path.localeCompare(b.location.path) ||
    (a.location.startLine ?? 0) - (b.location.startLine ?? 0) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/** Counts findings by severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
