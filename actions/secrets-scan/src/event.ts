import { ConfigurationError } from '@devsecops/action-kit';

/** The `mode` input: what part of the repository to scan. */
export const SCAN_MODES = ['auto', 'dir', 'staged', 'range', 'history'] as const;
export type ScanMode = (typeof SCAN_MODES)[number];

/** What to scan, decided from the mode and the event before git is asked anything. */
export type ScanPlan =
  /** The files of the working tree. */
  | { kind: 'dir'; reason: string }
  /** The staged changes. */
  | { kind: 'staged'; reason: string }
  /** Every commit on every ref. */
  | { kind: 'history'; reason: string }
  /**
   * Commits reachable from `include` and from none of `exclude`. When an `exclude` commit does
   * not exist (a force push replaced it), commits on no other remote branch are scanned instead.
   */
  | {
      kind: 'range';
      include: string[];
      exclude: string[];
      /** The event says there were commits: resolving to none is an error, not a pass. */
      expectCommits: boolean;
      /** The pushed branch (`refs/heads/x`), ignored among the remote branches of a fallback. */
      branch?: string;
      reason: string;
    }
  /** Commits reachable from `include` that no other remote branch has (a new branch). */
  | {
      kind: 'new-commits';
      include: string[];
      branch?: string;
      expectCommits: boolean;
      reason: string;
    }
  /** Nothing to scan (a deleted branch). */
  | { kind: 'none'; reason: string };

/** The event a workflow runs for, as far as choosing what to scan goes. */
export interface EventInfo {
  eventName: string;
  payload: Record<string, unknown>;
}

/** Parses the `mode` input. */
export function parseScanMode(value: string | undefined): ScanMode {
  const v = (value ?? 'auto').trim().toLowerCase();
  if ((SCAN_MODES as readonly string[]).includes(v)) return v as ScanMode;
  throw new ConfigurationError(
    `Input "mode" must be one of ${SCAN_MODES.join(', ')}; got "${value}".`,
  );
}

/** Parses the `range` input, `A..B` (commits in B not in A) or a single revision `B`. */
export function parseRange(value: string | undefined): { include: string[]; exclude: string[] } {
  const v = value?.trim() ?? '';
  if (v === '') {
    throw new ConfigurationError(
      'Input "range" is required with mode: range; give it as BASE..HEAD, e.g. origin/main..HEAD.',
    );
  }
  if (v.includes('...')) {
    throw new ConfigurationError(
      `Input "range" takes two dots (BASE..HEAD), not three; got "${v}".`,
    );
  }
  const parts = v.split('..');
  if (parts.length > 2 || parts.some((p) => /\s/.test(p) || p.startsWith('-'))) {
    throw new ConfigurationError(
      `Input "range" must be BASE..HEAD with two revisions, e.g. origin/main..HEAD; got "${v}".`,
    );
  }
  if (parts.length === 1) return { include: [v], exclude: [] };
  const [base, head] = parts as [string, string];
  return { include: [head || 'HEAD'], exclude: base ? [base] : [] };
}

const ZERO_SHA = /^0+$/;

/** Picks what to scan from the mode and, in auto mode, from the event that started the run. */
export function planScan(mode: ScanMode, event: EventInfo, range?: string): ScanPlan {
  switch (mode) {
    case 'dir':
      return { kind: 'dir', reason: 'mode: dir' };
    case 'staged':
      return { kind: 'staged', reason: 'mode: staged' };
    case 'history':
      return { kind: 'history', reason: 'mode: history' };
    case 'range': {
      const { include, exclude } = parseRange(range);
      return {
        kind: 'range',
        include,
        exclude,
        expectCommits: false,
        reason: `range ${range?.trim()}`,
      };
    }
    case 'auto':
      return planFromEvent(event);
  }
}

function planFromEvent({ eventName, payload }: EventInfo): ScanPlan {
  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target':
      return planPullRequest(eventName, payload);
    case 'push':
      return planPush(payload);
    case 'merge_group': {
      const group = objectAt(payload, 'merge_group');
      const head = shaAt(group, 'head_sha');
      const base = shaAt(group, 'base_sha');
      if (!head || !base) return missing(eventName, 'merge_group.head_sha and base_sha');
      return {
        kind: 'range',
        include: [head],
        exclude: [base],
        expectCommits: true,
        reason: `merge group ${short(base)}..${short(head)}`,
      };
    }
    case 'schedule':
    case 'workflow_dispatch':
      return { kind: 'history', reason: `${eventName} event: full history` };
    default:
      return { kind: 'dir', reason: `${eventName || 'unknown'} event: working tree` };
  }
}

function planPullRequest(eventName: string, payload: Record<string, unknown>): ScanPlan {
  const pr = objectAt(payload, 'pull_request');
  const head = shaAt(objectAt(pr, 'head'), 'sha');
  const base = shaAt(objectAt(pr, 'base'), 'sha');
  if (!head || !base) return missing(eventName, 'pull_request.head.sha and base.sha');
  const commits = pr?.['commits'];
  return {
    kind: 'range',
    include: [head],
    exclude: [base],
    // A pull request always has a commit; the payload's count says so when present.
    expectCommits: typeof commits === 'number' ? commits > 0 : true,
    reason: `pull request #${String(pr?.['number'] ?? '?')}: ${short(base)}..${short(head)}`,
  };
}

function planPush(payload: Record<string, unknown>): ScanPlan {
  const after = shaAt(payload, 'after');
  const before = shaAt(payload, 'before');
  const ref = typeof payload['ref'] === 'string' ? payload['ref'] : undefined;
  const branch = ref?.startsWith('refs/heads/') ? ref : undefined;
  const listed = Array.isArray(payload['commits']) ? payload['commits'].length : 0;

  if (!after) return missing('push', 'after');
  if (ZERO_SHA.test(after) || payload['deleted'] === true) {
    return { kind: 'none', reason: `push deleted ${ref ?? 'a ref'}: nothing to scan` };
  }
  // Limitation: "on no other branch" is judged when the job runs; a branch pushed meanwhile on
  // top of this one already holds its commits, and then neither push scans them.
  if (!before || ZERO_SHA.test(before) || payload['created'] === true) {
    return {
      kind: 'new-commits',
      include: [after],
      branch,
      expectCommits: listed > 0,
      reason: `new ${branch ? 'branch' : 'ref'} ${ref ?? short(after)}: commits on no other branch`,
    };
  }
  const forced = payload['forced'] === true;
  return {
    kind: 'range',
    include: [after],
    exclude: [before],
    // A force push back to an older commit brings no new commits.
    expectCommits: listed > 0 && !forced,
    branch,
    reason: `${forced ? 'force push' : 'push'} ${short(before)}..${short(after)}`,
  };
}

function missing(eventName: string, what: string): ScanPlan {
  return { kind: 'dir', reason: `${eventName} event without ${what}: working tree` };
}

function objectAt(
  value: Record<string, unknown> | undefined,
  key: string,
): Record<string, unknown> | undefined {
  const v = value?.[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function shaAt(value: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = value?.[key];
  return typeof v === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(v) ? v : undefined;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
