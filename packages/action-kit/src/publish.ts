import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import * as core from '@actions/core';
import {
  countBySeverity,
  describeExpiredException,
  isExpiredException,
  meetsThreshold,
  renderMarkdown,
  SEVERITIES,
  toSarif,
  type StageResult,
} from '@devsecops/findings';
import { ConfigurationError, describeError, EnvironmentError } from './errors.js';
import { plural } from './format.js';
import {
  annotateFindings,
  pullRequestNumber,
  upsertPullRequestComment,
  type RunContext,
} from './github.js';
import type { CommentMode } from './input-values.js';
import type { Logger } from './logger.js';

/** Options of {@link publishStageResult}. */
export interface PublishOptions {
  /** Where to write SARIF, relative to the workspace; no SARIF when unset. */
  sarifFile?: string;
  /** Turns a policy failure into warnings. */
  warnOnly: boolean;
  commentOnPr: CommentMode;
  /** A token that may comment on the pull request; no comment without one. */
  token?: string;
  ctx: RunContext;
  logger: Logger;
  /** The tool's home page, for the SARIF driver. */
  toolInfoUri?: string;
}

/** What {@link publishStageResult} did. */
export interface PublishOutcome {
  /** The absolute path of the SARIF file written, if any. */
  sarifFile?: string;
  summaryWritten: boolean;
  commented: boolean;
  /** True when the step was marked failed. */
  failed: boolean;
}

/**
 * Publishes one stage's result as the runner expects: the SARIF file, the outputs `findings`,
 * `sarif-file` and `passed`, the job summary, annotations and the pull request comment. Then
 * fails the step on a policy failure (warnings only with `warnOnly`), after the summary exists.
 */
export async function publishStageResult(
  result: StageResult,
  options: PublishOptions,
): Promise<PublishOutcome> {
  const { ctx, logger } = options;
  const outcome: PublishOutcome = { summaryWritten: false, commented: false, failed: false };

  if (options.sarifFile) {
    const file = resolve(ctx.workspace, options.sarifFile);
    const { log, dropped } = toSarif([
      {
        stage: result.stage,
        toolName: result.tool,
        toolVersion: result.toolVersion,
        informationUri: options.toolInfoUri,
        findings: result.findings,
      },
    ]);
    try {
      await writeFileAtomic(file, JSON.stringify(log, null, 2) + '\n');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new ConfigurationError(
        `Cannot write the SARIF file "${options.sarifFile}" (${code}). Set sarif-file to a writable path inside the workspace.`,
      );
    }
    outcome.sarifFile = file;
    logger.info(`Wrote SARIF to ${file}.`);
    if (dropped > 0) {
      logger.warning(
        `The SARIF file leaves out the ${plural(dropped, 'least severe finding')} to stay within code scanning's limits.`,
      );
    }
  }

  core.setOutput('findings', String(result.findings.length));
  core.setOutput('sarif-file', outcome.sarifFile ?? '');
  core.setOutput('passed', String(result.passed));

  const markdown = renderMarkdown([result], { blobUrl: blobUrlOf(ctx) });
  if (process.env['GITHUB_STEP_SUMMARY']) {
    try {
      await core.summary.addRaw(markdown).write();
      outcome.summaryWritten = true;
    } catch (error) {
      core.summary.emptyBuffer();
      logger.warning(`Could not write the job summary: ${describeError(error)}`);
    }
  } else {
    logger.debug('GITHUB_STEP_SUMMARY is not set; no job summary written.');
  }

  annotateFindings(result.findings, logger);

  outcome.commented = await commentIfAsked(result, markdown, options);

  if (!result.passed) {
    const message = failureMessage(result);
    if (options.warnOnly) {
      logger.warning(`${message} warn-only is set, so the step passes.`);
    } else {
      core.setFailed(message);
      outcome.failed = true;
    }
  } else {
    logger.info(
      `${stageTitle(result)}: passed (${plural(result.findings.length, 'finding')}, fail-on: ${result.threshold}).`,
    );
  }
  return outcome;
}

/** Comments with the summary's text; the hidden marker is added by the upsert. */
async function commentIfAsked(
  result: StageResult,
  markdown: string,
  options: PublishOptions,
): Promise<boolean> {
  const { commentOnPr, ctx, logger, token } = options;
  if (commentOnPr === 'never') return false;
  // With on-failure, a pass only refreshes a comment an earlier failure left, so that the
  // pull request does not keep showing a failure that is gone.
  const refreshOnly = commentOnPr === 'on-failure' && result.passed;
  const isPullRequest = pullRequestNumber(ctx) !== undefined;
  if (refreshOnly && (!isPullRequest || !token)) return false;

  if (!isPullRequest) {
    logger.notice(
      `Skipped the pull request comment: the ${ctx.eventName || 'current'} event is not about a pull request.`,
    );
    return false;
  }
  if (!token) {
    logger.notice('Skipped the pull request comment: no token was given (set the token input).');
    return false;
  }
  try {
    return await upsertPullRequestComment({
      token,
      ctx,
      stages: [result.stage],
      body: markdown,
      logger,
      createIfMissing: !refreshOnly,
    });
  } catch (error) {
    // The comment repeats the summary; failing to write it must not hide the result.
    logger.warning(`Could not comment on the pull request: ${describeError(error)}`);
    return false;
  }
}

/**
 * `Secrets: 3 findings at or above fail-on: low (2 high, 1 low); expired exception X (owner Y).`
 * Expired exceptions are named apart: they fail the stage whatever its threshold.
 */
function failureMessage(result: StageResult): string {
  const expired = result.findings.filter(isExpiredException);
  const failing = result.findings.filter(
    (f) => !isExpiredException(f) && meetsThreshold(f.severity, result.threshold),
  );
  const counts = countBySeverity(failing);
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const reasons: string[] = [];
  if (failing.length > 0) {
    reasons.push(
      `${plural(failing.length, 'finding')} at or above fail-on: ${result.threshold} (${parts.join(', ')})`,
    );
  }
  reasons.push(...expired.map(describeExpiredException));
  const what = reasons.length > 0 ? reasons.join('; ') : 'failed its policy';
  return `${stageTitle(result)}: ${what}. See the job summary for details.`;
}

function stageTitle(result: StageResult): string {
  return result.stage[0]!.toUpperCase() + result.stage.slice(1);
}

/** Links findings to the commit under review: the PR head, else the workflow's commit. */
function blobUrlOf(ctx: RunContext): string | undefined {
  if (!ctx.repository) return undefined;
  const pr = ctx.payload['pull_request'] as { head?: { sha?: string } } | undefined;
  const sha = pr?.head?.sha ?? ctx.sha;
  if (!sha) return undefined;
  return `${ctx.serverUrl}/${ctx.repository.owner}/${ctx.repository.repo}/blob/${sha}`;
}

/** Writes a file through a temporary sibling and a rename, creating parent directories. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Runs an action's `main` inside its one try/catch: a user mistake fails the step with its
 * message, anything else with one line while the stack goes to debug output.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    core.setFailed(describeError(error));
    const expected = error instanceof ConfigurationError || error instanceof EnvironmentError;
    if (!expected && error instanceof Error && error.stack) core.debug(error.stack);
  }
}
