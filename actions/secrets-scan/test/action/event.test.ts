import { describe, expect, it } from 'vitest';
import { parseRange, parseScanMode, planScan } from '../../src/event.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);

function commit(id: string) {
  return {
    id,
    tree_id: 'c'.repeat(40),
    distinct: true,
    message: 'Change',
    timestamp: '2026-01-01T10:00:00Z',
    author: { name: 'Dev', email: 'dev@example.com', username: 'dev' },
    added: ['a.txt'],
    removed: [],
    modified: [],
  };
}

/** The fields GitHub sends with a push, trimmed of repository and sender details. */
function push(overrides: Record<string, unknown>) {
  return {
    ref: 'refs/heads/feature',
    before: A,
    after: B,
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: 'https://github.com/o/r/compare/aaaaaaa...bbbbbbb',
    commits: [commit(B)],
    head_commit: commit(B),
    pusher: { name: 'dev', email: 'dev@example.com' },
    ...overrides,
  };
}

const pullRequest = {
  action: 'synchronize',
  number: 42,
  pull_request: {
    number: 42,
    state: 'open',
    commits: 31,
    head: {
      label: 'fork:feature',
      ref: 'feature',
      sha: B,
      repo: { full_name: 'fork/r', fork: true },
    },
    base: { label: 'o:main', ref: 'main', sha: A, repo: { full_name: 'o/r', fork: false } },
  },
};

describe('planScan', () => {
  it.each(['pull_request', 'pull_request_target'])(
    'scans head not reachable from base on %s',
    (eventName) => {
      expect(planScan('auto', { eventName, payload: pullRequest })).toEqual({
        kind: 'range',
        include: [B],
        exclude: [A],
        expectCommits: true,
        reason: 'pull request #42: aaaaaaa..bbbbbbb',
      });
    },
  );

  it('scans after not reachable from before on a push', () => {
    expect(planScan('auto', { eventName: 'push', payload: push({}) })).toEqual({
      kind: 'range',
      include: [B],
      exclude: [A],
      expectCommits: true,
      branch: 'refs/heads/feature',
      reason: 'push aaaaaaa..bbbbbbb',
    });
  });

  it('keeps before on a force push but expects no commits (a rewind brings none)', () => {
    const plan = planScan('auto', {
      eventName: 'push',
      payload: push({ forced: true, commits: [] }),
    });
    expect(plan).toMatchObject({ kind: 'range', include: [B], exclude: [A], expectCommits: false });
    expect(plan.reason).toBe('force push aaaaaaa..bbbbbbb');
  });

  it('scans commits on no other branch when a push creates the branch', () => {
    const payload = push({ before: ZERO, created: true });
    expect(planScan('auto', { eventName: 'push', payload })).toEqual({
      kind: 'new-commits',
      include: [B],
      branch: 'refs/heads/feature',
      expectCommits: true,
      reason: 'new branch refs/heads/feature: commits on no other branch',
    });
  });

  it('expects nothing from a new branch created on an existing commit', () => {
    const payload = push({ before: ZERO, created: true, commits: [] });
    expect(planScan('auto', { eventName: 'push', payload })).toMatchObject({
      expectCommits: false,
    });
  });

  it('treats a new tag as new commits without a branch', () => {
    const payload = push({ ref: 'refs/tags/v1.0.0', before: ZERO, created: true, commits: [] });
    expect(planScan('auto', { eventName: 'push', payload })).toMatchObject({
      kind: 'new-commits',
      branch: undefined,
      reason: 'new ref refs/tags/v1.0.0: commits on no other branch',
    });
  });

  it('scans nothing when a push deletes the branch', () => {
    const payload = push({ after: ZERO, deleted: true, commits: [], head_commit: null });
    expect(planScan('auto', { eventName: 'push', payload }).kind).toBe('none');
  });

  it('scans base_sha..head_sha of a merge group', () => {
    const payload = {
      action: 'checks_requested',
      merge_group: {
        head_sha: B,
        head_ref: 'refs/heads/gh-readonly-queue/main/pr-42-aaaaaaa',
        base_sha: A,
        base_ref: 'refs/heads/main',
        head_commit: { id: B, tree_id: 'c'.repeat(40), message: 'Merge pull request #42' },
      },
    };
    expect(planScan('auto', { eventName: 'merge_group', payload })).toMatchObject({
      kind: 'range',
      include: [B],
      exclude: [A],
      expectCommits: true,
    });
  });

  it.each([
    ['schedule', { schedule: '0 3 * * 1' }, 'history'],
    ['workflow_dispatch', { inputs: {} }, 'history'],
    ['release', { action: 'published' }, 'dir'],
    ['', {}, 'dir'],
    ['pull_request', { action: 'opened' }, 'dir'],
    ['push', { ref: 'refs/heads/x' }, 'dir'],
  ])('picks %s → %s', (eventName, payload, kind) => {
    expect(planScan('auto', { eventName, payload }).kind).toBe(kind);
  });

  it('lets an explicit mode override the event', () => {
    const event = { eventName: 'pull_request', payload: pullRequest };
    expect(planScan('dir', event).kind).toBe('dir');
    expect(planScan('history', event).kind).toBe('history');
    expect(planScan('staged', event).kind).toBe('staged');
    expect(planScan('range', event, 'origin/main..HEAD')).toEqual({
      kind: 'range',
      include: ['HEAD'],
      exclude: ['origin/main'],
      expectCommits: false,
      reason: 'range origin/main..HEAD',
    });
  });
});

describe('parseRange', () => {
  it.each([
    ['main..feature', ['feature'], ['main']],
    ['v1.0.0..', ['HEAD'], ['v1.0.0']],
    ['HEAD~3', ['HEAD~3'], []],
    [` ${A}..${B} `, [B], [A]],
  ])('reads %s', (value, include, exclude) => {
    expect(parseRange(value)).toEqual({ include, exclude });
  });

  it.each([
    ['', 'is required with mode: range'],
    ['main...feature', 'takes two dots'],
    ['a..b..c', 'must be BASE..HEAD'],
    ['--all', 'must be BASE..HEAD'],
  ])('rejects "%s"', (value, message) => {
    expect(() => parseRange(value)).toThrow(message);
  });
});

describe('parseScanMode', () => {
  it('defaults to auto and accepts any case', () => {
    expect(parseScanMode(undefined)).toBe('auto');
    expect(parseScanMode('History')).toBe('history');
  });

  it('names the input and the choices', () => {
    expect(() => parseScanMode('commits')).toThrow(
      'Input "mode" must be one of auto, dir, staged, range, history; got "commits".',
    );
  });
});
