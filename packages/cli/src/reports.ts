import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  renderMarkdown,
  STAGE_TITLE,
  toJsonReport,
  toSarif,
  type Stage,
  type StageResult,
} from '@devsecops/findings';
import { EnvironmentError } from '@devsecops/action-kit';

/**
 * Writes `text` to `file`, creating its folder; a failure names the file. The text goes to a
 * temporary file beside it that is then renamed over it, so readers see the old report or the
 * new one, never half of one.
 */
export async function writeReportFile(file: string, text: string): Promise<string> {
  const path = resolve(file);
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new EnvironmentError(
      `Cannot write report "${file}" (${code}). Check that the folder is writable.`,
    );
  }
  return path;
}

/** Removes a stage's `<stage>.sarif` and `<stage>.json` from `out`, when they exist. */
export async function removeReportFiles(out: string, stage: Stage): Promise<void> {
  for (const name of [`${stage}.sarif`, `${stage}.json`]) {
    try {
      await rm(join(out, name), { force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new EnvironmentError(
        `Cannot remove the stale report "${join(out, name)}" (${code}). Delete it by hand.`,
      );
    }
  }
}

/** SARIF 2.1.0 for the given stage results, one run each. */
export function sarifText(results: readonly StageResult[]): { text: string; dropped: number } {
  const { log, dropped } = toSarif(
    results.map((r) => ({
      stage: r.stage,
      toolName: r.tool,
      toolVersion: r.toolVersion,
      findings: r.findings,
    })),
  );
  return { text: JSON.stringify(log, null, 2) + '\n', dropped };
}

/** The versioned JSON report for the given stage results. */
export function jsonText(results: readonly StageResult[]): string {
  return JSON.stringify(toJsonReport(results), null, 2) + '\n';
}

/** A stage `scan` attempted that produced no result: skipped, or stopped by an error. */
export interface StageNotRun {
  stage: Stage;
  outcome: 'skipped' | 'could not run';
  /** One line: why it was skipped, or the error. */
  reason: string;
}

/** `deps: could not run: <reason>`, the line that stands for a stage without a result. */
export function notRunLine(n: StageNotRun): string {
  return `${n.stage}: ${n.outcome}: ${n.reason}`;
}

/**
 * The Markdown summary of every stage `scan` attempted: the shared rendering of the results,
 * with a row and a section for each stage that was skipped or could not run.
 */
export function summaryText(
  results: readonly StageResult[],
  notRun: readonly StageNotRun[] = [],
): string {
  const text = renderMarkdown(results);
  if (notRun.length === 0) return text;
  const lines = text.replace(/\n$/, '').split('\n');

  const failed = results.filter((r) => !r.passed).map((r) => r.stage);
  const broken = notRun.filter((n) => n.outcome === 'could not run').map((n) => n.stage);
  const verdict = [
    ...(failed.length > 0 ? [`failed (${failed.join(', ')})`] : []),
    ...(broken.length > 0 ? [`could not run (${broken.join(', ')})`] : []),
  ];
  const heading = lines.findIndex((l) => l.startsWith('## '));
  lines[heading] =
    `## ${verdict.length === 0 ? '✅' : '❌'} DevSecOps: ${verdict.length === 0 ? 'passed' : verdict.join('; ')}`;

  // The stage table ends at the first blank line after its separator row.
  const separator = lines.findIndex((l) => l.startsWith('| ---'));
  let end = separator + 1;
  while (end < lines.length && lines[end]!.startsWith('|')) end++;
  lines.splice(
    end,
    0,
    ...notRun.map(
      (n) =>
        `| ${STAGE_TITLE[n.stage]} | ${n.outcome === 'skipped' ? 'skipped' : '**could not run**'} | – | – | – | – | – |`,
    ),
  );
  for (const n of notRun) {
    lines.push('', `### ${STAGE_TITLE[n.stage]}`, '', escapeMarkdown(notRunLine(n)));
  }
  return lines.join('\n') + '\n';
}

function escapeMarkdown(text: string): string {
  return text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}
