import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { renderMarkdown, toJsonReport, toSarif, type StageResult } from '@devsecops/findings';
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

/** The Markdown summary, rendered once for every stage that ran. */
export function summaryText(results: readonly StageResult[]): string {
  return renderMarkdown(results);
}
