import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '@devsecops/findings';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  annotateFindings,
  createMemoryLogger,
  getBooleanInput,
  parseCommentMode,
  pullRequestNumber,
  readRunContext,
} from '../src/index.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-context-'));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('readRunContext', () => {
  it('reads the event payload and repository from the runner environment', async () => {
    const event = join(dir, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { number: 12, head: { sha: 'h' } } }));
    const ctx = await readRunContext({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_SHA: 'abc',
      GITHUB_WORKSPACE: dir,
      GITHUB_API_URL: 'http://127.0.0.1:1',
    });
    expect(ctx).toEqual({
      eventName: 'pull_request',
      payload: { pull_request: { number: 12, head: { sha: 'h' } } },
      repository: { owner: 'octo', repo: 'app' },
      sha: 'abc',
      serverUrl: 'https://github.com',
      apiUrl: 'http://127.0.0.1:1',
      workspace: dir,
    });
    expect(pullRequestNumber(ctx)).toBe(12);
  });

  it('tolerates a missing or unreadable event file', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ not json');
    for (const env of [
      {},
      { GITHUB_EVENT_PATH: broken },
      { GITHUB_EVENT_PATH: join(dir, 'none') },
    ]) {
      const ctx = await readRunContext(env);
      expect(ctx.payload).toEqual({});
      expect(ctx.repository).toBeUndefined();
      expect(pullRequestNumber(ctx)).toBeUndefined();
    }
  });
});

describe('getBooleanInput', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['FALSE', false],
    ['', true],
  ])('reads "%s"', (value, expected) => {
    vi.stubEnv('INPUT_WARN-ONLY', value);
    expect(getBooleanInput('warn-only', true)).toBe(expected);
  });
});

describe('parseCommentMode', () => {
  it.each([
    [undefined, 'on-failure'],
    ['always', 'always'],
    ['never', 'never'],
    ['true', 'always'],
    ['false', 'never'],
  ])('reads %s as %s', (value, expected) => {
    expect(parseCommentMode(value)).toBe(expected);
  });
});

describe('annotateFindings', () => {
  const finding = (severity: Finding['severity'], line: number): Finding => ({
    stage: 'secrets',
    tool: 't',
    ruleId: 'r',
    severity,
    title: 'T',
    message: `m${line}`,
    location: { path: 'a.txt', startLine: line },
    fingerprint: String(line),
  });

  it('maps severities to annotation levels and counts what it leaves out', () => {
    const logger = createMemoryLogger();
    const findings = [finding('critical', 1), finding('medium', 2), finding('low', 3)];
    for (let i = 4; i <= 10; i++) findings.push(finding('info', i));
    annotateFindings(findings, logger, 3);
    expect(logger.lines).toEqual([
      'error: m1',
      'warning: m2',
      'notice: m3',
      'notice: 7 more findings are in the SARIF report and job summary.',
    ]);
  });
});
