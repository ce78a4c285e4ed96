import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, createMemoryLogger } from '@devsecops/action-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanPlan } from '../../src/event.js';
import { resolveScanTarget } from '../../src/git-depth.js';
import { commit, commitMany, git, initRepo } from './support/git.js';

let dir: string;
let remote: string;
let mainTip: string;
let featureTip: string;

/** A bare "remote": main with 60 commits, feature with 30 more, then main moved on by 2. */
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'git-depth-'));
  const work = initRepo(join(dir, 'work'));
  commitMany(work, 'main', 60);
  git(work, 'checkout', '--quiet', '-b', 'feature');
  featureTip = commitMany(work, 'feature', 30);
  git(work, 'checkout', '--quiet', 'main');
  mainTip = commitMany(work, 'later', 2);
  remote = join(dir, 'remote.git');
  git(dir, 'clone', '--quiet', '--bare', work, remote);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function shallowClone(branch: string, name = 'checkout'): string {
  const path = join(dir, name);
  git(dir, 'clone', '--quiet', '--depth=1', '--branch', branch, `file://${remote}`, path);
  return path;
}

function prPlan(): ScanPlan {
  return {
    kind: 'range',
    include: [featureTip],
    exclude: [mainTip],
    expectCommits: true,
    reason: 'pull request #1',
  };
}

describe('resolveScanTarget', () => {
  it('deepens a depth-1 clone in steps until the pull request range is complete', async () => {
    const checkout = shallowClone('feature');
    const logger = createMemoryLogger();

    const resolved = await resolveScanTarget(prPlan(), checkout, { logger, deepenSteps: [5, 10] });

    expect(resolved.commits).toBe(30);
    expect(resolved.target).toEqual({
      kind: 'range',
      root: checkout,
      include: [featureTip],
      exclude: [mainTip],
    });
    expect(logger.lines).toContain('Deepened the shallow clone by 5 commits.');
    expect(git(checkout, 'rev-list', '--count', featureTip, '--not', mainTip)).toBe('30');
    expect(resolved.notes).toEqual(['Scan target: pull request #1.', '30 commits in range.']);
  });

  it('stops deepening once the range no longer reaches the shallow boundary', async () => {
    const checkout = shallowClone('feature');
    await resolveScanTarget(prPlan(), checkout, {
      logger: createMemoryLogger(),
      deepenSteps: [40],
    });
    // Still shallow: main's early history was never needed.
    expect(git(checkout, 'rev-parse', '--is-shallow-repository')).toBe('true');
  });

  it('fetches everything when the deepening steps run out', async () => {
    const checkout = shallowClone('feature');
    const logger = createMemoryLogger();
    const resolved = await resolveScanTarget(prPlan(), checkout, { logger, deepenSteps: [] });
    expect(resolved.commits).toBe(30);
    expect(logger.lines).toContain('Fetched the full history of the shallow clone.');
  });

  it('needs no remote when the clone is complete', async () => {
    const checkout = join(dir, 'full');
    git(dir, 'clone', '--quiet', `file://${remote}`, checkout);
    git(checkout, 'remote', 'remove', 'origin');
    const resolved = await resolveScanTarget(prPlan(), checkout, { logger: createMemoryLogger() });
    expect(resolved.commits).toBe(30);
  });

  it('says to set fetch-depth: 0 when a shallow clone has no remote', async () => {
    const checkout = shallowClone('feature');
    git(checkout, 'remote', 'remove', 'origin');
    const run = resolveScanTarget(prPlan(), checkout, { logger: createMemoryLogger() });
    await expect(run).rejects.toBeInstanceOf(ConfigurationError);
    await expect(run).rejects.toThrow(/fetch-depth: 0/);
  });

  it('says to set fetch-depth: 0 when the remote cannot be reached', async () => {
    const checkout = shallowClone('feature');
    await rm(remote, { recursive: true, force: true });
    await expect(
      resolveScanTarget(prPlan(), checkout, { logger: createMemoryLogger() }),
    ).rejects.toThrow(
      /could not be fetched\. Check out the repository with actions\/checkout and fetch-depth: 0\./,
    );
  });

  it('fails rather than passes when the range holds no commits the event promised', async () => {
    const checkout = join(dir, 'full');
    git(dir, 'clone', '--quiet', `file://${remote}`, checkout);
    const plan: ScanPlan = { ...prPlan(), include: [mainTip], exclude: [mainTip] } as ScanPlan;
    await expect(
      resolveScanTarget(plan, checkout, { logger: createMemoryLogger() }),
    ).rejects.toThrow(/resolved to no commits, though the event lists some/);
  });

  it('accepts an empty range the event did not promise commits for', async () => {
    const checkout = join(dir, 'full');
    git(dir, 'clone', '--quiet', `file://${remote}`, checkout);
    const plan: ScanPlan = {
      ...prPlan(),
      include: [mainTip],
      exclude: [mainTip],
      expectCommits: false,
    } as ScanPlan;
    expect(
      (await resolveScanTarget(plan, checkout, { logger: createMemoryLogger() })).commits,
    ).toBe(0);
  });

  describe('a new branch', () => {
    function pushNewBranch(): { tip: string } {
      const work = join(dir, 'work');
      git(work, 'checkout', '--quiet', '-b', 'topic', 'main');
      const tip = commitMany(work, 'topic', 4);
      git(work, 'push', '--quiet', remote, 'topic');
      return { tip };
    }

    const plan = (tip: string): ScanPlan => ({
      kind: 'new-commits',
      include: [tip],
      branch: 'refs/heads/topic',
      expectCommits: true,
      reason: 'new branch refs/heads/topic',
    });

    it('scans the commits no other remote branch has', async () => {
      const { tip } = pushNewBranch();
      const checkout = join(dir, 'full');
      git(dir, 'clone', '--quiet', `file://${remote}`, checkout);
      const resolved = await resolveScanTarget(plan(tip), checkout, {
        logger: createMemoryLogger(),
      });
      expect(resolved.commits).toBe(4);
      expect(resolved.target).toMatchObject({ kind: 'range', include: [tip] });
      // origin/HEAD (a symbolic ref) and origin/topic itself are not among the excluded tips.
      const excluded = (resolved.target as { exclude: string[] }).exclude.sort();
      expect(excluded).toEqual([featureTip, mainTip].sort());
    });

    it('brings in the other branches of a depth-1 clone', async () => {
      const { tip } = pushNewBranch();
      const checkout = shallowClone('topic');
      const resolved = await resolveScanTarget(plan(tip), checkout, {
        logger: createMemoryLogger(),
        deepenSteps: [2, 2, 2],
      });
      expect(resolved.commits).toBe(4);
    });

    it('scans all of history on the first push of a repository', async () => {
      const fresh = initRepo(join(dir, 'fresh'));
      const tip = commitMany(fresh, 'first', 3);
      const resolved = await resolveScanTarget(plan(tip), fresh, { logger: createMemoryLogger() });
      expect(resolved.commits).toBe(3);
    });
  });

  it('falls back to commits on no other branch when a force push replaced before', async () => {
    const work = join(dir, 'work');
    git(work, 'checkout', '--quiet', 'feature');
    git(work, 'reset', '--quiet', '--hard', 'feature~3');
    const rewritten = commit(work, { 'notes/rewritten.txt': 'x\n' }, 'rewrite');
    git(work, 'push', '--quiet', '--force', remote, 'feature');
    const checkout = join(dir, 'full');
    git(dir, 'clone', '--quiet', `file://${remote}`, checkout);
    const logger = createMemoryLogger();

    const resolved = await resolveScanTarget(
      {
        kind: 'range',
        include: [rewritten],
        exclude: ['1234567890abcdef1234567890abcdef12345678'],
        expectCommits: true,
        branch: 'refs/heads/feature',
        reason: 'force push',
      },
      checkout,
      { logger },
    );
    // feature's 27 surviving commits and the rewrite are on no other branch.
    expect(resolved.commits).toBe(28);
    expect(resolved.notes[1]).toMatch(/no longer exists; scanning the commits on no other branch/);
  });

  it('fetches the full history of a shallow clone for history mode', async () => {
    const checkout = shallowClone('main');
    const resolved = await resolveScanTarget(
      { kind: 'history', reason: 'schedule event' },
      checkout,
      { logger: createMemoryLogger() },
    );
    expect(resolved.target).toEqual({ kind: 'history', root: checkout });
    expect(git(checkout, 'rev-parse', '--is-shallow-repository')).toBe('false');
  });

  it('explains that commits need a git repository', async () => {
    const plain = join(dir, 'plain');
    await mkdir(plain);
    await expect(
      resolveScanTarget(prPlan(), plain, { logger: createMemoryLogger() }),
    ).rejects.toThrow(/is not inside a git repository.*set mode: dir/);
  });

  it('scans a directory without asking git', async () => {
    const plain = join(dir, 'plain');
    expect(
      await resolveScanTarget({ kind: 'dir', reason: 'release event' }, plain, {
        logger: createMemoryLogger(),
      }),
    ).toEqual({ target: { kind: 'dir', root: plain }, notes: ['Scan target: release event.'] });
  });
});

describe('fetching with the token', () => {
  /** A git server stand-in that records the Authorization header and refuses the fetch. */
  async function withGitServer(fn: (url: string, seen: (string | undefined)[]) => Promise<void>) {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(403).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  it('sends the token to the server when the checkout kept no credentials', async () => {
    const checkout = shallowClone('feature');
    await withGitServer(async (url, seen) => {
      git(checkout, 'remote', 'set-url', 'origin', `${url}/o/r.git`);
      const run = resolveScanTarget(prPlan(), checkout, {
        logger: createMemoryLogger(),
        token: 'ghs_fetchToken',
        serverUrl: url,
      });
      await expect(run).rejects.toThrow(/fetch-depth: 0/);
      const basic = Buffer.from('x-access-token:ghs_fetchToken').toString('base64');
      expect(seen).toContain(`basic ${basic}`);
    });
  });

  it('keeps the credentials the checkout persisted', async () => {
    const checkout = shallowClone('feature');
    await withGitServer(async (url, seen) => {
      git(checkout, 'remote', 'set-url', 'origin', `${url}/o/r.git`);
      git(checkout, 'config', `http.${url}/.extraheader`, 'AUTHORIZATION: basic persisted');
      const run = resolveScanTarget(prPlan(), checkout, {
        logger: createMemoryLogger(),
        token: 'ghs_fetchToken',
        serverUrl: url,
      });
      await expect(run).rejects.toThrow(/fetch-depth: 0/);
      expect(new Set(seen)).toEqual(new Set(['basic persisted']));
    });
  });

  it('lends the token to no other host', async () => {
    const checkout = shallowClone('feature');
    await withGitServer(async (url, seen) => {
      git(checkout, 'remote', 'set-url', 'origin', `${url}/o/r.git`);
      const run = resolveScanTarget(prPlan(), checkout, {
        logger: createMemoryLogger(),
        token: 'ghs_fetchToken',
        serverUrl: 'https://github.com',
      });
      await expect(run).rejects.toThrow(/fetch-depth: 0/);
      expect(seen.every((h) => h === undefined)).toBe(true);
    });
  });
});
