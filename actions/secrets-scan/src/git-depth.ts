import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { ConfigurationError, EnvironmentError, plural, type Logger } from '@devsecops/action-kit';
import type { ScanPlan } from './event.js';
import type { ScanTarget } from './types.js';

/** A scan target with what was done to reach it. */
export interface ResolvedTarget {
  /** Undefined when there is nothing to scan (a deleted branch). */
  target?: ScanTarget;
  /** Lines for the job summary: what was scanned and why. */
  notes: string[];
  /** Commits in the range, for range targets. */
  commits?: number;
}

/** Options of {@link resolveScanTarget}. */
export interface ResolveOptions {
  logger: Logger;
  /** A token for fetching from the server when the checkout kept no credentials. */
  token?: string;
  /** The server the token belongs to, e.g. `https://github.com`. */
  serverUrl?: string;
  /** How far to deepen a shallow clone in each round before fetching everything. */
  deepenSteps?: readonly number[];
}

const DEFAULT_DEEPEN_STEPS = [50, 250, 1000];

const FETCH_DEPTH_HINT = 'Check out the repository with actions/checkout and fetch-depth: 0.';

/**
 * Turns a plan into a scan target, fetching from the repository's remote what a shallow
 * clone lacks: the commits the range names, and enough history that the range is complete.
 * A range that should hold commits but resolves to none is an error, never a pass.
 */
export async function resolveScanTarget(
  plan: ScanPlan,
  path: string,
  options: ResolveOptions,
): Promise<ResolvedTarget> {
  const notes = [`Scan target: ${plan.reason}.`];
  if (plan.kind !== 'range' && plan.kind !== 'new-commits') options.logger.info(notes[0]!);
  switch (plan.kind) {
    case 'dir':
      return { target: { kind: 'dir', root: path }, notes };
    case 'none':
      return { notes };
    case 'staged':
      // The commit modes of a folder inside the repository read the changes below it.
      await repositoryRoot(path);
      return { target: { kind: 'staged', root: path }, notes };
    case 'history': {
      const git = await openRepository(path, options);
      if (await git.isShallow()) {
        await git.fetch(
          ['--unshallow', '--no-tags', git.requireRemote('history mode')],
          'history mode',
        );
        notes.push('Fetched the full history of the shallow clone.');
        options.logger.info('Fetched the full history of the shallow clone.');
      }
      return { target: { kind: 'history', root: path }, notes };
    }
    case 'range':
    case 'new-commits':
      return resolveRange(plan, path, options, notes);
  }
}

async function resolveRange(
  plan: Extract<ScanPlan, { kind: 'range' | 'new-commits' }>,
  path: string,
  options: ResolveOptions,
  notes: string[],
): Promise<ResolvedTarget> {
  const { logger } = options;
  const git = await openRepository(path, options);

  const include = await Promise.all(plan.include.map((rev) => git.commitOf(rev)));
  const missingTips = plan.include.filter((_, i) => include[i] === undefined);
  if (missingTips.length > 0) {
    await git.fetchCommits(missingTips, `commit ${missingTips.join(', ')}`);
    for (const [i, rev] of plan.include.entries()) {
      include[i] ??= await git.commitOf(rev);
      if (include[i] === undefined) {
        throw new ConfigurationError(
          `Commit ${rev} is not in the checkout and could not be fetched. ${FETCH_DEPTH_HINT}`,
        );
      }
    }
  }

  let exclude: string[];
  if (plan.kind === 'new-commits') {
    exclude = await git.otherBranchTips(plan.branch);
  } else {
    exclude = [];
    const gone: string[] = [];
    for (const rev of plan.exclude) {
      let sha = await git.commitOf(rev);
      if (sha === undefined && git.remote) {
        await git.fetchCommits([rev], `commit ${rev}`, true);
        sha = await git.commitOf(rev);
      }
      if (sha === undefined) gone.push(rev);
      else exclude.push(sha);
    }
    if (gone.length > 0) {
      if (plan.branch === undefined) {
        throw new ConfigurationError(
          `Base commit ${gone.join(', ')} is not in the checkout and could not be fetched. ${FETCH_DEPTH_HINT}`,
        );
      }
      // A force push can leave `before` unreachable; fall back to what no other branch has.
      notes.push(
        `Commit ${gone.join(', ')} (before the push) no longer exists; scanning the commits on no other branch instead.`,
      );
      logger.info(notes[notes.length - 1]!);
      exclude.push(...(await git.otherBranchTips(plan.branch)));
    }
  }

  const included = include as string[];
  await git.deepenUntilComplete(included, exclude, options.deepenSteps ?? DEFAULT_DEEPEN_STEPS);

  const commits = await git.countCommits(included, exclude);
  if (commits === 0 && plan.expectCommits) {
    throw new ConfigurationError(
      `The ${plan.reason} resolved to no commits, though the event lists some; the checkout lacks them. ${FETCH_DEPTH_HINT}`,
    );
  }
  notes.push(`${plural(commits, 'commit')} in range.`);
  logger.info(`Scanning ${plural(commits, 'commit')} (${plan.reason}).`);
  return {
    target: { kind: 'range', root: path, include: included, exclude },
    notes,
    commits,
  };
}

/** Runs git, returning standard output; a missing binary is an environment error. */
export async function runGit(
  args: readonly string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...env },
        maxBuffer: 256 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return reject(new EnvironmentError('git is not installed or not on PATH.'));
        }
        reject(new GitError(args, firstLine(stderr) || error.message));
      },
    );
  });
}

/** A git command that exited with an error; its message is git's first line of stderr. */
export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    readonly args: readonly string[],
    readonly detail: string,
  ) {
    super(`git ${args[0]} failed: ${detail}`);
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('hint:')) ?? ''
  );
}

async function repositoryRoot(path: string): Promise<string> {
  try {
    return (await runGit(['rev-parse', '--show-toplevel'], path)).trim();
  } catch (error) {
    if (error instanceof GitError) {
      throw new ConfigurationError(
        `"${path}" is not inside a git repository, so commits cannot be scanned. Check it out with actions/checkout, or set mode: dir.`,
      );
    }
    throw error;
  }
}

async function openRepository(path: string, options: ResolveOptions) {
  const root = await repositoryRoot(path);
  const remotes = (await runGit(['remote'], root)).split('\n').filter(Boolean);
  const remote = remotes.includes('origin') ? 'origin' : remotes[0];
  const fetchEnv = remote ? await fetchAuthEnv(root, remote, options) : {};
  const { logger } = options;
  let shallowFile: string | undefined;

  const repo = {
    root,
    remote,

    async isShallow(): Promise<boolean> {
      return (await runGit(['rev-parse', '--is-shallow-repository'], root)).trim() === 'true';
    },

    /** The commit a revision names, or undefined when it is not here. */
    async commitOf(rev: string): Promise<string | undefined> {
      try {
        return (await runGit(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], root)).trim();
      } catch {
        return undefined;
      }
    },

    requireRemote(why: string): string {
      if (remote) return remote;
      throw new ConfigurationError(
        `The repository is a shallow clone without a remote to fetch from, which ${why} needs. ${FETCH_DEPTH_HINT}`,
      );
    },

    async fetch(args: string[], why: string): Promise<void> {
      logger.debug(`git fetch ${args.join(' ')}`);
      try {
        await runGit(['fetch', '--quiet', ...args], root, fetchEnv);
      } catch (error) {
        if (error instanceof GitError) {
          throw new ConfigurationError(
            `Could not fetch the history ${why} needs from "${remote}" (${error.detail}). ${FETCH_DEPTH_HINT}`,
          );
        }
        throw error;
      }
    },

    /** Fetches commits by name; a shallow clone gets them at depth 1, deepened later. */
    async fetchCommits(revs: string[], why: string, tolerant = false): Promise<void> {
      if (!remote) return;
      const shallow = await repo.isShallow();
      try {
        await repo.fetch(['--no-tags', ...(shallow ? ['--depth=1'] : []), remote, ...revs], why);
      } catch (error) {
        if (!tolerant) throw error;
        logger.debug(`Could not fetch ${revs.join(', ')}: ${(error as Error).message}`);
      }
    },

    /** Tips of the remote branches other than `branch` (`refs/heads/x`), fetched if absent. */
    async otherBranchTips(branch: string | undefined): Promise<string[]> {
      if (remote && (await repo.isShallow())) {
        // A shallow checkout usually holds only the pushed ref; the other branches decide
        // what is new, so bring in their tips.
        await repo.fetch(
          ['--no-tags', '--depth=1', remote, `+refs/heads/*:refs/remotes/${remote}/*`],
          'finding what no other branch has',
        );
      }
      const own =
        branch && remote
          ? `refs/remotes/${remote}/${branch.slice('refs/heads/'.length)}`
          : undefined;
      const lines = (
        await runGit(
          ['for-each-ref', '--format=%(refname) %(objectname) %(symref)', 'refs/remotes'],
          root,
        )
      )
        .split('\n')
        .filter(Boolean);
      const tips = new Set<string>();
      for (const line of lines) {
        const [ref, sha, symref] = line.split(' ');
        if (!ref || !sha || symref || ref === own) continue;
        tips.add(sha);
      }
      return [...tips];
    },

    async countCommits(include: string[], exclude: string[]): Promise<number> {
      const out = await runGit(
        ['rev-list', '--count', ...include, '--not', ...exclude, '--'],
        root,
      );
      return Number(out.trim());
    },

    async shallowBoundary(): Promise<Set<string>> {
      shallowFile ??= await gitPath(root, 'shallow');
      try {
        return new Set((await readFile(shallowFile, 'utf8')).split('\n').filter(Boolean));
      } catch {
        return new Set();
      }
    },

    /**
     * Deepens a shallow clone until the range stops at excluded commits rather than at the
     * clone's boundary, then fetches everything as a last resort.
     */
    async deepenUntilComplete(include: string[], exclude: string[], steps: readonly number[]) {
      let round = 0;
      while (await repo.isShallow()) {
        const boundary = await repo.shallowBoundary();
        const listed = (await runGit(['rev-list', ...include, '--not', ...exclude, '--'], root))
          .split('\n')
          .filter(Boolean);
        if (!listed.some((sha) => boundary.has(sha))) return;

        const name = repo.requireRemote('this range');
        const step = steps[round++];
        if (step === undefined) {
          await repo.fetch(
            ['--unshallow', '--no-tags', name, ...include, ...exclude],
            'this range',
          );
          logger.info('Fetched the full history of the shallow clone.');
          return;
        }
        await repo.fetch(
          [`--deepen=${step}`, '--no-tags', name, ...include, ...exclude],
          'this range',
        );
        logger.info(`Deepened the shallow clone by ${plural(step, 'commit')}.`);
      }
    },
  };
  return repo;
}

// Limitation: the range is complete once it no longer reaches the shallow boundary; when the
// included side was fetched deeper than the excluded side, a few older commits can be scanned
// as well (more findings, never fewer).

async function gitPath(root: string, name: string): Promise<string> {
  const p = (await runGit(['rev-parse', '--git-path', name], root)).trim();
  return isAbsolute(p) ? p : join(root, p);
}

/**
 * Lends the token to fetches from the server when the checkout kept no credentials
 * (`persist-credentials: false`), through the environment so it never shows in arguments.
 */
export async function fetchAuthEnv(
  root: string,
  remote: string,
  options: Pick<ResolveOptions, 'token' | 'serverUrl'>,
): Promise<NodeJS.ProcessEnv> {
  if (!options.token || !options.serverUrl) return {};
  const url = (await runGit(['remote', 'get-url', remote], root).catch(() => '')).trim();
  const server = options.serverUrl.replace(/\/+$/, '');
  if (!url.startsWith(`${server}/`)) return {};
  const configured = await runGit(['config', '--get-regexp', '^http\\..*extraheader$'], root).catch(
    () => '',
  );
  if (configured.trim() !== '') return {};
  const basic = Buffer.from(`x-access-token:${options.token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${server}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
