import {
  compareFindings,
  countBySeverity,
  describeExpiredException,
  isExpiredException,
  meetsThreshold,
  SEVERITIES,
  type Finding,
  type Severity,
  type StageResult,
} from '@devsecops/findings';
import { plural } from '@devsecops/action-kit';
import type { StageNotRun } from './reports.js';
import { stripAnsi, type Colors } from './terminal.js';

/** How human output is drawn. */
export interface RenderStyle {
  colors: Colors;
  /** Terminal width to fit the table into; undefined leaves lines whole (pipes, files). */
  width?: number;
}

function paintSeverity(severity: Severity, c: Colors): string {
  switch (severity) {
    case 'critical':
      return c.bold(c.red(severity));
    case 'high':
      return c.red(severity);
    case 'medium':
      return c.yellow(severity);
    case 'low':
      return c.cyan(severity);
    default:
      return c.dim(severity);
  }
}

function locationOf(f: Finding): string {
  const { path, startLine } = f.location;
  return `${path || '-'}${startLine ? `:${startLine}` : ''}`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stripAnsi(text).length));
}

function clip(text: string, width: number): string {
  if (width <= 1 || text.length <= width) return text;
  return `${text.slice(0, width - 1)}…`;
}

/**
 * Renders findings as an aligned table (most severe first). Findings arrive redacted from the
 * stages, so the table shows only what the reports show.
 */
export function renderFindingsTable(findings: readonly Finding[], style: RenderStyle): string {
  const c = style.colors;
  const rows = [...findings].sort(compareFindings).map((f) => ({
    severity: f.severity,
    rule: f.ruleId,
    location: locationOf(f),
    message: f.message.replace(/\s+/g, ' ').trim(),
  }));
  const sevWidth = Math.max(8, ...rows.map((r) => r.severity.length));
  const ruleWidth = Math.min(40, Math.max(4, ...rows.map((r) => r.rule.length)));
  const locWidth = Math.min(60, Math.max(8, ...rows.map((r) => r.location.length)));
  const fixed = sevWidth + ruleWidth + locWidth + 6;
  const msgWidth = style.width ? Math.max(20, style.width - fixed) : undefined;

  const lines = [
    c.dim(
      [
        pad('SEVERITY', sevWidth),
        pad('RULE', ruleWidth),
        pad('LOCATION', locWidth),
        'MESSAGE',
      ].join('  '),
    ),
  ];
  for (const r of rows) {
    lines.push(
      [
        pad(paintSeverity(r.severity, c), sevWidth),
        pad(clip(r.rule, ruleWidth), ruleWidth),
        pad(clip(r.location, locWidth), locWidth),
        msgWidth ? clip(r.message, msgWidth) : r.message,
      ]
        .join('  ')
        .trimEnd(),
    );
  }
  return lines.join('\n');
}

/** `secrets: 3 findings (2 high, 1 medium), fail-on high`. */
export function renderStageLine(result: StageResult, c: Colors): string {
  const counts = countBySeverity(result.findings);
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map(
    (s) => `${counts[s]} ${paintSeverity(s, c)}`,
  );
  const found = plural(result.findings.length, 'finding');
  const status = result.passed ? c.green('passed') : c.red(c.bold('failed'));
  return `${c.bold(result.stage)}: ${status}, ${found}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}, fail-on ${result.threshold}`;
}

/** The final verdict line over every stage that ran. */
export function renderVerdict(
  results: readonly StageResult[],
  c: Colors,
  notRun: readonly StageNotRun[] = [],
): string {
  const failed = results.filter((r) => !r.passed);
  const broken = notRun.filter((n) => n.outcome === 'could not run').map((n) => n.stage);
  if (broken.length > 0) {
    const also = failed.length > 0 ? `; failed in ${failed.map((r) => r.stage).join(', ')}` : '';
    return c.red(c.bold(`✖ Incomplete: ${broken.join(', ')} could not run${also}.`));
  }
  if (failed.length === 0) {
    return c.green(
      `✔ Passed: nothing at or above the threshold in ${results.map((r) => r.stage).join(', ')}.`,
    );
  }
  return c.red(c.bold(`✖ Failed: ${failureReasons(failed).join('; ')}.`));
}

/**
 * Why the failed stages failed: findings at or above their threshold, and what fails a stage
 * whatever its threshold (expired exceptions, malware), so that the verdict never reads as if
 * nothing were wrong.
 */
function failureReasons(failed: readonly StageResult[]): string[] {
  const blocking = failed.map((r) => ({
    stage: r.stage,
    count: r.findings.filter(
      (f) => !isExpiredException(f) && meetsThreshold(f.severity, r.threshold),
    ).length,
  }));
  const reasons: string[] = [];
  const total = blocking.reduce((n, b) => n + b.count, 0);
  if (total > 0) {
    const stages = blocking.filter((b) => b.count > 0).map((b) => b.stage);
    reasons.push(`${plural(total, 'finding')} at or above the threshold in ${stages.join(', ')}`);
  }

  for (const r of failed) {
    const own: string[] = [];
    for (const f of r.findings) {
      const p = f.properties ?? {};
      if (isExpiredException(f)) {
        own.push(describeExpiredException(f));
      } else if (p['malware'] === true && !meetsThreshold(f.severity, r.threshold)) {
        own.push(`malware ${f.ruleId} in ${String(p['package'])}@${String(p['version'])}`);
      }
    }
    if (own.length > 0) reasons.push(`${own.join(', ')} in ${r.stage}`);
    else if (blocking.find((b) => b.stage === r.stage)?.count === 0) {
      reasons.push(`${r.stage} did not pass its policy (see its notes)`);
    }
  }
  return reasons;
}
