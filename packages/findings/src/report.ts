import { z } from 'zod';
import {
  compareFindings,
  countBySeverity,
  SEVERITIES,
  STAGES,
  type Finding,
  type Severity,
  type Stage,
} from './finding.js';

/** The result of one stage: what the reports, summaries and comments are rendered from. */
export interface StageResult {
  stage: Stage;
  /** The tool name as it appears in SARIF. */
  tool: string;
  toolVersion: string;
  findings: Finding[];
  /** The severity at or above which the stage fails. */
  threshold: Severity;
  passed: boolean;
  /** Lines a reader should see: what was scanned, what was skipped and why. */
  notes: string[];
  /** Facts about the run, e.g. `{ files: 1204, bytes: 38_000_000, ms: 2100 }`. */
  stats?: Record<string, number | string>;
}

const LocationSchema = z.object({
  path: z.string(),
  startLine: z.number().int().optional(),
  endLine: z.number().int().optional(),
  startColumn: z.number().int().optional(),
  endColumn: z.number().int().optional(),
  snippet: z.string().optional(),
});

/** A finding as the JSON report writes it. */
export const FindingSchema = z.object({
  stage: z.enum(STAGES),
  tool: z.string(),
  ruleId: z.string(),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  message: z.string(),
  location: LocationSchema,
  fingerprint: z.string(),
  helpUri: z.string().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

/** The versioned JSON report that `--json` writes; `configs/report.schema.json` is generated from it. */
export const JsonReportSchema = z.object({
  schemaVersion: z.literal(1),
  generatedAt: z.string(),
  stages: z.array(
    z.object({
      stage: z.enum(STAGES),
      tool: z.string(),
      toolVersion: z.string(),
      threshold: z.enum(SEVERITIES),
      passed: z.boolean(),
      counts: z.record(z.enum(SEVERITIES), z.number().int()),
      notes: z.array(z.string()),
      stats: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
      findings: z.array(FindingSchema),
    }),
  ),
});
export type JsonReport = z.infer<typeof JsonReportSchema>;

/** Builds the JSON report document for one or more stages. */
export function toJsonReport(results: readonly StageResult[], now = new Date()): JsonReport {
  return {
    schemaVersion: 1,
    generatedAt: now.toISOString(),
    stages: results.map((r) => ({
      stage: r.stage,
      tool: r.tool,
      toolVersion: r.toolVersion,
      threshold: r.threshold,
      passed: r.passed,
      counts: countBySeverity(r.findings),
      notes: r.notes,
      stats: r.stats,
      findings: [...r.findings].sort(compareFindings),
    })),
  };
}

/** How reports title each stage. */
export const STAGE_TITLE: Record<Stage, string> = {
  secrets: 'Secrets',
  deps: 'Dependencies',
  sbom: 'SBOM',
  sast: 'Static analysis',
  dast: 'Dynamic analysis',
};

const ICON: Record<Severity, string> = {
  critical: '🟥',
  high: '🟧',
  medium: '🟨',
  low: '🟦',
  info: '⬜',
};

/** The hidden marker by which a PR comment for these stages is found and updated in place. */
export function commentMarker(stages: readonly Stage[]): string {
  return `<!-- devsecops:${[...stages].sort().join(',')} -->`;
}

/** Options of {@link renderMarkdown}. */
export interface RenderOptions {
  /** At most this many findings are listed per stage; the rest are counted. */
  maxRows?: number;
  /** Links locations to this blob URL prefix, e.g. `https://github.com/o/r/blob/<sha>`. */
  blobUrl?: string;
  /** Adds the hidden marker for PR comments. */
  marker?: boolean;
}

/**
 * Renders stage results to Markdown once; the job summary, the PR comment and the CLI's
 * `summary.md` all use this text.
 */
export function renderMarkdown(
  results: readonly StageResult[],
  options: RenderOptions = {},
): string {
  const maxRows = options.maxRows ?? 50;
  const lines: string[] = [];
  if (options.marker) lines.push(commentMarker(results.map((r) => r.stage)));
  const failed = results.filter((r) => !r.passed);
  lines.push(
    `## ${failed.length === 0 ? '✅' : '❌'} DevSecOps: ${
      failed.length === 0 ? 'passed' : `failed (${failed.map((r) => r.stage).join(', ')})`
    }`,
    '',
    '| Stage | Result | Critical | High | Medium | Low | Info |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of results) {
    const c = countBySeverity(r.findings);
    lines.push(
      `| ${STAGE_TITLE[r.stage]} | ${r.passed ? 'passed' : `**failed** (fail-on: ${r.threshold})`} | ${c.critical} | ${c.high} | ${c.medium} | ${c.low} | ${c.info} |`,
    );
  }

  for (const r of results) {
    lines.push('', `### ${STAGE_TITLE[r.stage]}`, '');
    for (const note of r.notes) lines.push(`- ${escapeMarkdown(note)}`);
    if (r.notes.length > 0) lines.push('');
    if (r.findings.length === 0) {
      lines.push('No findings.');
      continue;
    }
    const sorted = [...r.findings].sort(compareFindings);
    lines.push('| Severity | Rule | Location | Message |', '| --- | --- | --- | --- |');
    for (const f of sorted.slice(0, maxRows)) {
      lines.push(
        `| ${ICON[f.severity]} ${f.severity} | \`${escapeCell(f.ruleId)}\` | ${formatLocation(f, options.blobUrl)} | ${escapeCell(f.message)} |`,
      );
    }
    if (sorted.length > maxRows) {
      lines.push(
        '',
        `…and ${sorted.length - maxRows} more; the SARIF and JSON reports list all of them.`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

function formatLocation(f: Finding, blobUrl?: string): string {
  const { path, startLine } = f.location;
  const text = `${escapeCell(path)}${startLine ? `:${startLine}` : ''}`;
  if (!blobUrl || !path) return text;
  return `[${text}](${blobUrl}/${path.split('/').map(encodeURIComponent).join('/')}${startLine ? `#L${startLine}` : ''})`;
}

function escapeCell(text: string): string {
  return escapeMarkdown(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}
