import * as core from '@actions/core';
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
  type RunContext,
} from '@devsecops/action-kit';
import { DEPENDENCY_SCOPES } from './policy.js';
import { runDependencyGate, type DependencyGateInputs } from './run.js';
import type { DependencyScope } from './types.js';

/** The action's inputs beside those the gate takes. */
export interface ActionInputs {
  gate: Omit<DependencyGateInputs, 'cwd'>;
  warnOnly: boolean;
  sarifFile?: string;
  commentOnPr: CommentMode;
}

/** Splits a list input written one per line or comma-separated. */
function listInput(name: string): string[] | undefined {
  const value = getOptionalInput(name);
  if (value === undefined) return undefined;
  const items = value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}

function parseScopes(values: string[] | undefined): DependencyScope[] | undefined {
  if (!values) return undefined;
  const bad = values.filter((v) => !(DEPENDENCY_SCOPES as readonly string[]).includes(v));
  if (bad.length > 0) {
    throw new ConfigurationError(
      `Input "scopes" takes ${DEPENDENCY_SCOPES.join(', ')}; "${bad.join(', ')}" is not one of them.`,
    );
  }
  return values as DependencyScope[];
}

function parseMode(value: string | undefined): 'full' | 'diff' | undefined {
  if (value === undefined || value === 'full' || value === 'diff') return value;
  throw new ConfigurationError(`Input "mode" must be full or diff; got "${value}".`);
}

/** The base to compare with in diff mode: the input, else the pull request's base commit. */
function baseRefOf(ctx: RunContext): string | undefined {
  const pr = ctx.payload['pull_request'] as { base?: { sha?: string } } | undefined;
  return pr?.base?.sha;
}

/** Reads the inputs from the runner; a bad value is a configuration error naming the input. */
export function readInputs(ctx: RunContext): ActionInputs {
  const failOn = getOptionalInput('fail-on');
  const offline = getBooleanInput('offline', false);
  return {
    gate: {
      path: getOptionalInput('path') ?? '.',
      configPath: getOptionalInput('config'),
      advisories: listInput('advisories'),
      npmAuditReport: getOptionalInput('npm-audit-report'),
      mode: parseMode(getOptionalInput('mode')),
      baseRef: getOptionalInput('base-ref') ?? baseRefOf(ctx),
      failOn: failOn === undefined ? undefined : parseThreshold(failOn, 'Input "fail-on"'),
      scopes: parseScopes(listInput('scopes')),
      offline,
      token: offline ? undefined : getOptionalInput('token'),
      apiUrl: ctx.apiUrl,
      // Online, registry documents feed the maintainer, age and deprecation checks.
      registryUrl: offline
        ? undefined
        : (process.env['npm_config_registry'] ?? 'https://registry.npmjs.org'),
    },
    warnOnly: getBooleanInput('warn-only', false),
    sarifFile: getOptionalInput('sarif-file'),
    commentOnPr: parseCommentMode(getOptionalInput('comment-on-pr')),
  };
}

/** The action: read the lockfile, check it against the advisories and policy, publish. */
export async function main(): Promise<void> {
  await runAction(async () => {
    const ctx = await readRunContext();
    const inputs = readInputs(ctx);
    const logger = createRunnerLogger();
    const result = await runDependencyGate({ ...inputs.gate, cwd: ctx.workspace }, logger);

    core.setOutput('vulnerable', JSON.stringify(result.vulnerable));
    core.setOutput('denied', JSON.stringify(result.denied));
    core.setOutput('license-violations', JSON.stringify(result.licenseViolations));
    await publishStageResult(result, {
      sarifFile: inputs.sarifFile,
      warnOnly: inputs.warnOnly,
      commentOnPr: inputs.commentOnPr,
      token: getOptionalInput('token'),
      ctx,
      logger,
    });
    // The per-scope table with fixed-in versions follows the shared summary.
    if (result.details && process.env['GITHUB_STEP_SUMMARY']) {
      await core.summary.addRaw(`\n### Vulnerable dependencies\n${result.details}`).write();
    }
  });
}
