import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, StageResult } from '@devsecops/findings';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError,
  createMemoryLogger,
  publishStageResult,
  runAction,
  writeFileAtomic,
  type PublishOptions,
  type RunContext,
} from '../src/index.js';
import {
  parseOutputFile,
  startGitHubStandIn,
  type GitHubStandIn,
} from './support/github-stand-in.js';

let dir: string;
let stdout: string[];
let api: GitHubStandIn;
// @actions/core caches the summary path on first use, so one summary file serves every test.
let summaryFile: string;

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    stage: 'secrets',
    tool: 'devsecops-secrets',
    ruleId: 'aws-access-key-id',
    severity: 'high',
    title: 'AWS access key ID',
    message: 'An AWS access key ID (AKIA…MPLE) was committed.',
    location: { path: 'config/app.env', startLine: 3, endLine: 3 },
    fingerprint: 'f'.repeat(32),
    ...overrides,
  };
}

function result(findings: Finding[], passed: boolean): StageResult {
  return {
    stage: 'secrets',
    tool: 'devsecops-secrets',
    toolVersion: '0.1.0',
    findings,
    threshold: 'low',
    passed,
    notes: ['Scanned 3 commits.'],
  };
}

function context(payload: Record<string, unknown> = {}, eventName = 'pull_request'): RunContext {
  return {
    eventName,
    payload,
    repository: { owner: 'o', repo: 'r' },
    sha: 'abc123',
    serverUrl: 'https://github.com',
    apiUrl: api.url,
    workspace: dir,
  };
}

const prPayload = { pull_request: { number: 7, head: { sha: 'head1' }, base: { sha: 'base1' } } };

function options(overrides: Partial<PublishOptions> = {}): PublishOptions {
  return {
    sarifFile: 'reports/nested/secrets.sarif',
    warnOnly: false,
    commentOnPr: 'on-failure',
    token: 'test-token',
    ctx: context(prPayload),
    logger: createMemoryLogger(),
    ...overrides,
  };
}

async function outputs(): Promise<Record<string, string>> {
  return parseOutputFile(await readFile(process.env['GITHUB_OUTPUT']!, 'utf8'));
}

beforeAll(async () => {
  api = await startGitHubStandIn();
  summaryFile = join(await mkdtemp(join(tmpdir(), 'publish-summary-')), 'summary.md');
});

afterAll(async () => {
  await api.close();
  await rm(join(summaryFile, '..'), { recursive: true, force: true });
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'publish-'));
  await writeFile(join(dir, 'output'), '');
  await writeFile(summaryFile, '');
  vi.stubEnv('GITHUB_OUTPUT', join(dir, 'output'));
  vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
  api.requests.length = 0;
  api.comments.length = 0;
  api.forbidWrites = false;
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('publishStageResult', () => {
  it('writes SARIF, outputs and the summary, then fails the step', async () => {
    const outcome = await publishStageResult(
      result([finding()], false),
      options({ commentOnPr: 'never' }),
    );

    const sarifPath = join(dir, 'reports/nested/secrets.sarif');
    expect(outcome).toMatchObject({ sarifFile: sarifPath, summaryWritten: true, failed: true });
    const sarif = JSON.parse(await readFile(sarifPath, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].automationDetails.id).toBe('devsecops/secrets/');
    expect(sarif.runs[0].results).toHaveLength(1);
    expect(await readdir(join(dir, 'reports/nested'))).toEqual(['secrets.sarif']);

    expect(await outputs()).toEqual({ findings: '1', 'sarif-file': sarifPath, passed: 'false' });
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toContain('DevSecOps: failed (secrets)');
    expect(summary).toContain(
      '[config/app.env:3](https://github.com/o/r/blob/head1/config/app.env#L3)',
    );

    expect(process.exitCode).toBe(1);
    const text = stdout.join('');
    expect(text).toContain(
      '::error::Secrets: 1 finding at or above fail-on: low (1 high). See the job summary for details.',
    );
    // The annotation goes out before the failure line.
    expect(text.indexOf('::error title=AWS access key ID')).toBeLessThan(
      text.indexOf('::error::Secrets'),
    );
  });

  it('names an expired exception in the failure line, apart from the findings it counts', async () => {
    const logger = createMemoryLogger();
    const expired = finding({
      ruleId: 'secrets/exception-expired',
      title: 'Expired exception',
      location: { path: '.github/devsecops.yml' },
      properties: { exception: 'private-key in test/**', owner: '@sec', expires: '2026-01-31' },
    });
    await publishStageResult(
      { ...result([expired], false), threshold: 'critical' },
      options({ warnOnly: true, commentOnPr: 'never', logger }),
    );
    expect(logger.lines).toContain(
      'warning: Secrets: expired exception private-key in test/** (owner @sec). See the job summary for details. warn-only is set, so the step passes.',
    );
  });

  it('only warns when warn-only is set', async () => {
    const logger = createMemoryLogger();
    const outcome = await publishStageResult(
      result([finding()], false),
      options({ warnOnly: true, commentOnPr: 'never', logger }),
    );
    expect(outcome.failed).toBe(false);
    expect(process.exitCode).toBeUndefined();
    expect(logger.lines).toContain(
      'warning: Secrets: 1 finding at or above fail-on: low (1 high). See the job summary for details. warn-only is set, so the step passes.',
    );
    expect((await outputs())['passed']).toBe('false');
  });

  it('reports a pass with no SARIF file when none is asked for', async () => {
    const outcome = await publishStageResult(result([], true), options({ sarifFile: undefined }));
    expect(outcome).toEqual({ summaryWritten: true, commented: false, failed: false });
    expect(await outputs()).toEqual({ findings: '0', 'sarif-file': '', passed: 'true' });
    expect(await readFile(summaryFile, 'utf8')).toContain('DevSecOps: passed');
    // Only a look for an earlier comment to refresh; none exists, so none is written.
    expect(api.requests.map((r) => r.method)).toEqual(['GET']);
    expect(api.comments).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it('creates the pull request comment, then updates it in place', async () => {
    await publishStageResult(result([finding()], false), options());
    await publishStageResult(
      result([finding(), finding({ location: { path: 'b.env', startLine: 1 } })], false),
      options(),
    );

    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/o/r/issues/7/comments',
      'POST /repos/o/r/issues/7/comments',
      'GET /repos/o/r/issues/7/comments',
      'PATCH /repos/o/r/issues/comments/1000',
    ]);
    expect(api.requests[1]!.authorization).toBe('token test-token');
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body.startsWith('<!-- devsecops:secrets -->')).toBe(true);
    expect(api.comments[0]!.body).toContain('b.env:1');
  });

  it('comments on a pass only when comment-on-pr is always', async () => {
    await publishStageResult(result([], true), options({ commentOnPr: 'on-failure' }));
    expect(api.comments).toEqual([]);
    await publishStageResult(result([], true), options({ commentOnPr: 'always' }));
    expect(api.comments.map((c) => c.body)).toEqual([expect.stringContaining('DevSecOps: passed')]);
  });

  it('refreshes the comment of an earlier failure when the stage now passes (on-failure)', async () => {
    await publishStageResult(result([finding()], false), options());
    expect(api.comments[0]!.body).toContain('DevSecOps: failed');
    await publishStageResult(result([], true), options());
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toContain('DevSecOps: passed');
    expect(api.requests.at(-1)!.method).toBe('PATCH');
  });

  it('never touches the API when comment-on-pr is never', async () => {
    await publishStageResult(result([finding()], false), options({ commentOnPr: 'never' }));
    expect(api.requests).toEqual([]);
  });

  it('keeps the summary and notes the skipped comment when the token cannot write (fork)', async () => {
    api.forbidWrites = true;
    const logger = createMemoryLogger();
    const outcome = await publishStageResult(result([finding()], false), options({ logger }));
    expect(outcome).toMatchObject({ commented: false, summaryWritten: true, failed: true });
    expect(
      logger.lines.some(
        (l) => l.startsWith('notice: Skipped the pull request comment') && l.includes('HTTP 403'),
      ),
    ).toBe(true);
  });

  it.each([
    ['no token', undefined, 'pull_request', 'no token was given'],
    ['a push event', 'test-token', 'push', 'the push event is not about a pull request'],
  ])('skips the comment with a notice for %s', async (_name, token, eventName, expected) => {
    const logger = createMemoryLogger();
    const ctx = context(eventName === 'push' ? {} : prPayload, eventName);
    await publishStageResult(result([finding()], false), options({ token, ctx, logger }));
    expect(logger.lines.find((l) => l.startsWith('notice:'))).toContain(expected);
    expect(api.requests).toEqual([]);
  });

  it('warns and carries on when the comment API fails', async () => {
    const logger = createMemoryLogger();
    const ctx = { ...context(prPayload), apiUrl: 'http://127.0.0.1:9' };
    const outcome = await publishStageResult(result([finding()], false), options({ ctx, logger }));
    expect(outcome.summaryWritten).toBe(true);
    expect(
      logger.lines.some((l) => l.startsWith('warning: Could not comment on the pull request')),
    ).toBe(true);
    expect(outcome.failed).toBe(true);
  });
  it('names the sarif-file input when the SARIF file cannot be written', async () => {
    await writeFile(join(dir, 'reports'), 'a file where a folder should be');
    const run = publishStageResult(
      result([finding()], false),
      options({ sarifFile: 'reports/x.sarif' }),
    );
    await expect(run).rejects.toBeInstanceOf(ConfigurationError);
    await expect(run).rejects.toThrow(
      /^Cannot write the SARIF file "reports\/x.sarif" \((ENOTDIR|EEXIST)\)\. Set sarif-file to a writable path inside the workspace\.$/,
    );
  });
});

describe('writeFileAtomic', () => {
  it('replaces an existing file and leaves no temporary file', async () => {
    const file = join(dir, 'a/b/c.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'a/b'))).toEqual(['c.json']);
  });
});

describe('runAction', () => {
  it('fails with the message of a configuration error', async () => {
    await runAction(async () => {
      throw new ConfigurationError(
        'Input "fail-on" must be one of critical, high, medium, low, info; got "bogus".',
      );
    });
    expect(process.exitCode).toBe(1);
    expect(stdout.some((l) => l.startsWith('::debug::'))).toBe(false);
    expect(stdout.filter((l) => l.startsWith('::error::'))).toEqual([
      '::error::Input "fail-on" must be one of critical, high, medium, low, info; got "bogus".\n',
    ]);
  });

  it('fails with one line for a bug and keeps the stack for debug', async () => {
    await runAction(async () => {
      throw new TypeError('boom');
    });
    expect(process.exitCode).toBe(1);
    const text = stdout.join('');
    expect(text).toContain('::error::Unexpected error: boom\n');
    expect(text).toMatch(/::debug::TypeError: boom%0A {4}at /);
  });

  it('leaves a successful run alone', async () => {
    await runAction(async () => {});
    expect(process.exitCode).toBeUndefined();
  });
});
