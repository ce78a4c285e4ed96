import { readFile } from 'node:fs/promises';
import * as github from '@actions/github';
import { commentMarker, type Finding, type Stage } from '@devsecops/findings';
import type { Logger } from './logger.js';

/** The parts of a workflow run's context the actions use, read from the environment. */
export interface RunContext {
  eventName: string;
  /** The event payload (`GITHUB_EVENT_PATH`), `{}` when absent. */
  payload: Record<string, unknown>;
  repository?: { owner: string; repo: string };
  sha?: string;
  serverUrl: string;
  apiUrl: string;
  workspace: string;
}

/** Reads the run context from the runner's environment variables. */
export async function readRunContext(env: NodeJS.ProcessEnv = process.env): Promise<RunContext> {
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      payload = {};
    }
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    repository: owner && repo ? { owner, repo } : undefined,
    sha: env.GITHUB_SHA,
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
  };
}

/** The pull request number of the event, if it is about one. */
export function pullRequestNumber(ctx: RunContext): number | undefined {
  const pr = ctx.payload['pull_request'] as { number?: number } | undefined;
  return typeof pr?.number === 'number' ? pr.number : undefined;
}

/** Options of {@link upsertPullRequestComment}. */
export interface CommentTarget {
  token: string;
  ctx: RunContext;
  stages: readonly Stage[];
  body: string;
  logger: Logger;
  /** When false, only an existing comment is updated (a pass after an earlier failure). */
  createIfMissing?: boolean;
}

/**
 * Creates or updates (through the hidden marker) the PR comment for these stages. A token
 * without write access (fork pull requests) only skips the comment, with a notice.
 */
export async function upsertPullRequestComment(target: CommentTarget): Promise<boolean> {
  const { token, ctx, stages, logger } = target;
  const issue_number = pullRequestNumber(ctx);
  if (!issue_number || !ctx.repository) return false;
  const marker = commentMarker(stages);
  const body = target.body.includes(marker) ? target.body : `${marker}\n${target.body}`;
  const octokit = github.getOctokit(token, { baseUrl: ctx.apiUrl });
  const { owner, repo } = ctx.repository;
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number,
      per_page: 100,
    });
    const existing = comments.find((c) => c.body?.includes(marker));
    if (existing) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
      logger.info(`Updated the pull request comment ${existing.id}.`);
    } else if (target.createIfMissing === false) {
      return false;
    } else {
      await octokit.rest.issues.createComment({ owner, repo, issue_number, body });
      logger.info(`Commented on pull request #${issue_number}.`);
    }
    return true;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 404 || status === 401) {
      logger.notice(
        `Skipped the pull request comment: the token cannot write to this pull request (HTTP ${status}), as happens on pull requests from forks. The job summary and annotations carry the results.`,
      );
      return false;
    }
    throw error;
  }
}

/** Annotates findings on their lines: error for critical and high, warning otherwise. */
export function annotateFindings(findings: readonly Finding[], logger: Logger, max = 50): void {
  for (const f of findings.slice(0, max)) {
    const props = {
      title: `${f.title} (${f.ruleId})`,
      file: f.location.path,
      startLine: f.location.startLine,
      endLine: f.location.endLine,
    };
    if (f.severity === 'critical' || f.severity === 'high') logger.error(f.message, props);
    else if (f.severity === 'medium') logger.warning(f.message, props);
    else logger.notice(f.message, props);
  }
  if (findings.length > max) {
    logger.notice(
      `${findings.length - max} more findings are in the SARIF report and job summary.`,
    );
  }
}
