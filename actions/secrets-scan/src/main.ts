import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import {
  ConfigurationError,
  createRunnerLogger,
  getBooleanInput,
  getOptionalInput,
  parseCommentMode,
  parseThreshold,
  publishStageResult,
  readRunContext,
  runAction,
  type CommentMode,
} from '@devsecops/action-kit';
import type { Severity, StageResult } from '@devsecops/findings';
import { parseScanMode, planScan, type ScanMode } from './event.js';
import { resolveScanTarget } from './git-depth.js';
import { runSecretsScan, TOOL_NAME, TOOL_VERSION } from './lib.js';

/** The action's inputs, read and checked before any work starts. */
export interface ActionInputs {
  path: string;
  mode: ScanMode;
  range?: string;
  config?: string;
  gitleaksConfig?: string;
  baseline?: string;
  /** Unset: the policy file's `secrets.fail-on`, else low. */
  failOn?: Severity;
  warnOnly: boolean;
  sarifFile?: string;
  commentOnPr: CommentMode;
  token?: string;
}

/** Reads the inputs from the runner; a bad value is a configuration error naming the input. */
export function readInputs(): ActionInputs {
  const failOn = getOptionalInput('fail-on');
  return {
    path: getOptionalInput('path') ?? '.',
    mode: parseScanMode(getOptionalInput('mode')),
    range: getOptionalInput('range'),
    config: getOptionalInput('config'),
    gitleaksConfig: getOptionalInput('gitleaks-config'),
    baseline: getOptionalInput('baseline'),
    failOn: failOn === undefined ? undefined : parseThreshold(failOn, 'Input "fail-on"'),
    warnOnly: getBooleanInput('warn-only', false),
    sarifFile: getOptionalInput('sarif-file'),
    commentOnPr: parseCommentMode(getOptionalInput('comment-on-pr')),
    token: getOptionalInput('token'),
  };
}

/** The action: choose what to scan from the event, scan it, publish the result. */
export async function main(): Promise<void> {
  await runAction(async () => {
    const inputs = readInputs();
    const ctx = await readRunContext();
    const logger = createRunnerLogger();
    const root = folderInWorkspace(ctx.workspace, inputs.path);

    const plan = planScan(inputs.mode, ctx, inputs.range);
    const resolved = await logger.group('Choosing what to scan', () =>
      resolveScanTarget(plan, root, { logger, token: inputs.token, serverUrl: ctx.serverUrl }),
    );

    const { target } = resolved;
    const result: StageResult = target
      ? await logger.group('Scanning for secrets', () =>
          runSecretsScan(
            {
              target,
              cwd: ctx.workspace,
              configPath: inputs.config,
              gitleaksConfigPath: inputs.gitleaksConfig,
              baselinePath: inputs.baseline,
              failOn: inputs.failOn,
            },
            logger,
          ),
        )
      : nothingToScan(inputs.failOn ?? 'low');
    result.notes.unshift(...resolved.notes);

    await publishStageResult(result, {
      sarifFile: inputs.sarifFile,
      warnOnly: inputs.warnOnly,
      commentOnPr: inputs.commentOnPr,
      token: inputs.token,
      ctx,
      logger,
    });
  });
}

/** The result of an event that brings no commits, such as a deleted branch. */
function nothingToScan(threshold: Severity): StageResult {
  return {
    stage: 'secrets',
    tool: TOOL_NAME,
    toolVersion: TOOL_VERSION,
    findings: [],
    threshold,
    passed: true,
    notes: [],
    stats: { commits: 0 },
  };
}

/**
 * The folder the `path` input names, as a path inside the workspace: every mode runs git or
 * reads in it, and findings are named from the workspace. A link is followed to where it leads,
 * which must be a folder of the workspace too, so that reported paths exist in the repository.
 */
function folderInWorkspace(workspace: string, given: string): string {
  let real: string;
  try {
    real = realpathSync(resolve(workspace, given));
  } catch {
    throw new ConfigurationError(`Input "path" ("${given}") does not exist in the workspace.`);
  }
  if (!statSync(real).isDirectory()) {
    throw new ConfigurationError(
      `Input "path" ("${given}") is a file; give the folder that contains it.`,
    );
  }
  const inside = relative(realpathSync(workspace), real);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new ConfigurationError(
      `Input "path" ("${given}") leads outside the workspace; give a folder of the checkout.`,
    );
  }
  return resolve(workspace, inside);
}
