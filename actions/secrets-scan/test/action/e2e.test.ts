import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryLogger } from '@devsecops/action-kit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  parseOutputFile,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../../../../packages/action-kit/test/support/github-stand-in.js';
import { writeBaseline } from '../../src/lib.js';
import { checkout, commit, commitMany, git, initRepo } from './support/git.js';

// The end-to-end tests run the committed bundle as the runner does: inputs as INPUT_*
// variables with action.yml's defaults, the runner's files and event payload, a real git
// checkout and a GitHub REST API stand-in on 127.0.0.1.
const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const ACTION_YML = fileURLToPath(new URL('../../action.yml', import.meta.url));
const TOKEN = 'ghs_e2eToken0123456789abcdefghijklmnopq';
const ZERO = '0'.repeat(40);

interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The SARIF file's text, empty when none was written. */
  sarifText: string;
}

interface Credentials {
  keyId: string;
  secret: string;
}

let api: GitHubStandIn;
let tmp: string;
let defaults: Record<string, string>;

beforeAll(async () => {
  expect(
    existsSync(DIST),
    'dist/index.js is missing: npm run build -w @devsecops/secrets-scan',
  ).toBe(true);
  api = await startGitHubStandIn();
  const action = parse(await readFile(ACTION_YML, 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  defaults = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    if (input.default === undefined) continue;
    defaults[name] = input.default.replace('${{ github.token }}', TOKEN);
  }
});

afterAll(async () => {
  await api.close();
});

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'secrets-e2e-'));
  api.requests.length = 0;
  api.comments.length = 0;
  api.forbidWrites = false;
});

afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function random(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A fresh AWS key pair in the documented formats, made at test time. */
function awsCredentials(): Credentials {
  return {
    keyId: 'AKIA' + random('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16),
    secret: random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 40),
  };
}

function settingsWith(c: Credentials): string {
  return [
    'import os',
    '',
    '# Deployment settings',
    `AWS_REGION = "eu-west-1"`,
    `aws_access_key_id = "${c.keyId}"`,
    `aws_secret_access_key = "${c.secret}"`,
    '',
  ].join('\n');
}

const SETTINGS_FROM_ENV = [
  'import os',
  '',
  '# Deployment settings',
  'AWS_REGION = "eu-west-1"',
  'aws_access_key_id = os.environ["AWS_ACCESS_KEY_ID"]',
  'aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]',
  '',
].join('\n');

interface ActionCall {
  workspace: string;
  eventName: string;
  payload: Record<string, unknown>;
  inputs?: Record<string, string>;
  sha?: string;
  ref?: string;
  /** Another copy of dist/index.js to run. */
  dist?: string;
}

/** Runs dist/index.js as the runner would for this step. */
async function runAction(call: ActionCall): Promise<ActionRun> {
  const runnerDir = await mkdtemp(join(tmp, 'runner-'));
  const files = {
    output: join(runnerDir, 'output'),
    summary: join(runnerDir, 'summary.md'),
    event: join(runnerDir, 'event.json'),
  };
  await Promise.all([
    writeFile(files.output, ''),
    writeFile(files.summary, ''),
    writeFile(files.event, JSON.stringify(call.payload)),
    mkdir(join(runnerDir, 'home')),
  ]);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: join(runnerDir, 'home'),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: call.workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_NAME: call.eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: api.url,
    GITHUB_SHA: call.sha ?? git(call.workspace, 'rev-parse', 'HEAD'),
    GITHUB_REF: call.ref ?? 'refs/heads/main',
    RUNNER_TEMP: runnerDir,
  };
  // The runner names inputs INPUT_ + upper case with spaces as underscores, keeping dashes.
  for (const [name, value] of Object.entries({ ...defaults, ...call.inputs })) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }

  const child = spawn(process.execPath, [call.dist ?? DIST], { cwd: call.workspace, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

  const outputs = parseOutputFile(await readFile(files.output, 'utf8'));
  const sarifPath = outputs['sarif-file'];
  return {
    code,
    stdout,
    stderr,
    outputs,
    summary: await readFile(files.summary, 'utf8'),
    sarifText: sarifPath ? await readFile(sarifPath, 'utf8') : '',
  };
}

/** No trace of the secrets anywhere the action wrote or sent: at most a 4-character prefix. */
function expectNoLeak(run: ActionRun, ...creds: Credentials[]): void {
  const places: Record<string, string> = {
    stdout: run.stdout,
    stderr: run.stderr,
    summary: run.summary,
    sarif: run.sarifText,
    outputs: JSON.stringify(run.outputs),
    'API requests': JSON.stringify(api.requests),
    comments: api.comments.map((c) => c.body).join('\n'),
  };
  for (const c of creds) {
    for (const value of [
      c.keyId,
      c.secret,
      c.keyId.slice(4),
      c.secret.slice(4),
      c.secret.slice(-12),
    ]) {
      for (const [where, text] of Object.entries(places)) {
        expect(text.includes(value), `a secret leaks into the ${where}`).toBe(false);
      }
    }
  }
}

function sarifResults(run: ActionRun): {
  ruleId: string;
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  properties?: Record<string, unknown>;
}[] {
  return (JSON.parse(run.sarifText) as { runs: { results: never[] }[] }).runs[0]!.results;
}

function paths(run: ActionRun): string[] {
  return [
    ...new Set(sarifResults(run).map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)),
  ];
}

function errorLines(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
}

/**
 * A remote with a 32-commit pull request #7 from `feature` into `main`: commit 15 adds AWS
 * credentials, commit 21 replaces them with environment variables, and GitHub's merge commit
 * sits at refs/pull/7/merge.
 */
function pullRequestRepository() {
  const work = initRepo(join(tmp, 'work'));
  commit(work, { 'README.md': '# app\n', 'app/main.py': 'print("hello")\n' }, 'Initial commit');
  commitMany(work, 'main', 5);
  git(work, 'checkout', '--quiet', '-b', 'feature');
  commitMany(work, 'feature-a', 14);
  const creds = awsCredentials();
  const secretCommit = commit(
    work,
    { 'config/settings.py': settingsWith(creds) },
    'Add deployment settings',
  );
  commitMany(work, 'feature-b', 5);
  commit(
    work,
    { 'config/settings.py': SETTINGS_FROM_ENV },
    'Read AWS credentials from the environment',
  );
  const head = commitMany(work, 'feature-c', 11);
  git(work, 'checkout', '--quiet', 'main');
  const base = commitMany(work, 'main-later', 1);
  git(work, 'checkout', '--quiet', '--detach', base);
  git(work, 'merge', '--quiet', '--no-ff', '-m', 'Merge feature into main', 'feature');
  const merge = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '--quiet', 'main');

  const remote = join(tmp, 'remote.git');
  git(tmp, 'clone', '--quiet', '--bare', work, remote);
  git(remote, 'update-ref', 'refs/pull/7/merge', merge);
  const payload = {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      state: 'open',
      commits: 32,
      head: { ref: 'feature', sha: head, repo: { full_name: 'o/r' } },
      base: { ref: 'main', sha: base, repo: { full_name: 'o/r' } },
    },
  };
  return { work, remote, creds, secretCommit, head, base, merge, payload };
}

describe('secrets-scan action (dist/index.js)', () => {
  it('finds a secret added and removed inside a 32-commit pull request, and comments', async () => {
    const pr = pullRequestRepository();
    const workspace = join(tmp, 'checkout');
    checkout(pr.remote, workspace, 'refs/pull/7/merge');

    const call = {
      workspace,
      eventName: 'pull_request',
      payload: pr.payload,
      sha: pr.merge,
      ref: 'refs/pull/7/merge',
    };
    const run = await runAction(call);

    expect(run.code).toBe(1);
    expect(run.outputs['passed']).toBe('false');
    expect(Number(run.outputs['findings'])).toBeGreaterThanOrEqual(1);
    expect(run.outputs['sarif-file']).toBe(join(workspace, 'reports/secrets.sarif'));
    expect(paths(run)).toEqual(['config/settings.py']);
    const results = sarifResults(run);
    expect(results.map((r) => r.ruleId).sort()).toEqual([
      'aws-access-token',
      'aws-secret-access-key',
    ]);
    expect(results.every((r) => r.properties?.['commit'] === pr.secretCommit)).toBe(true);
    expect(run.stdout).toContain('Scanning 32 commits (pull request #7');
    expect(errorLines(run).at(-1)).toMatch(
      /^::error::Secrets: \d+ findings? at or above fail-on: low/,
    );
    expect(run.summary).toContain('DevSecOps: failed (secrets)');
    expect(run.summary).toContain('config/settings.py');
    expect(run.summary).toContain('32 commits in range.');

    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/o/r/issues/7/comments',
      'POST /repos/o/r/issues/7/comments',
    ]);
    expect(api.requests[1]!.authorization).toBe(`token ${TOKEN}`);
    expect(run.stdout + run.stderr + run.summary).not.toContain(TOKEN);
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toMatch(/^<!-- devsecops:secrets -->\n/);
    expectNoLeak(run, pr.creds);

    // The next run edits the same comment instead of adding one.
    const again = await runAction(call);
    expect(again.code).toBe(1);
    expect(api.requests.slice(2).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/o/r/issues/7/comments',
      `PATCH /repos/o/r/issues/comments/${api.comments[0]!.id}`,
    ]);
    expect(api.comments).toHaveLength(1);
    expectNoLeak(again, pr.creds);
  });

  it('still scans and summarises when the token cannot comment (a fork pull request)', async () => {
    const pr = pullRequestRepository();
    const workspace = join(tmp, 'checkout');
    checkout(pr.remote, workspace, 'refs/pull/7/merge');
    api.forbidWrites = true;

    const run = await runAction({ workspace, eventName: 'pull_request', payload: pr.payload });

    expect(run.code).toBe(1);
    expect(run.outputs['passed']).toBe('false');
    expect(run.summary).toContain('config/settings.py');
    expect(run.stdout).toMatch(/::notice::Skipped the pull request comment: .*HTTP 403/);
    expect(api.comments).toEqual([]);
    expectNoLeak(run, pr.creds);
  });

  it('deepens a depth-1 checkout to reach every commit of the pull request', async () => {
    const pr = pullRequestRepository();
    const workspace = join(tmp, 'checkout');
    checkout(pr.remote, workspace, 'refs/pull/7/merge', 1);
    expect(git(workspace, 'rev-parse', '--is-shallow-repository')).toBe('true');

    const run = await runAction({ workspace, eventName: 'pull_request', payload: pr.payload });

    expect(run.stdout).toContain('Deepened the shallow clone by 50 commits.');
    expect(run.stdout).toContain('Scanning 32 commits');
    expect(run.code).toBe(1);
    expect(paths(run)).toEqual(['config/settings.py']);
    expectNoLeak(run, pr.creds);
  });

  it('fails with one clear line when a depth-1 checkout cannot be deepened', async () => {
    const pr = pullRequestRepository();
    const workspace = join(tmp, 'checkout');
    checkout(pr.remote, workspace, 'refs/pull/7/merge', 1);
    await rm(pr.remote, { recursive: true, force: true });

    const run = await runAction({ workspace, eventName: 'pull_request', payload: pr.payload });

    expect(run.code).toBe(1);
    const errors = errorLines(run);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^::error::Could not fetch .*Check out the repository with actions\/checkout and fetch-depth: 0\.$/,
    );
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    expect(run.outputs).toEqual({});
  });

  it('scans only the new commits of a pushed new branch', async () => {
    const work = initRepo(join(tmp, 'work'));
    const old = awsCredentials();
    commit(work, { 'legacy/deploy.py': settingsWith(old) }, 'Old deployment script');
    commit(work, { 'legacy/deploy.py': SETTINGS_FROM_ENV }, 'Stop hard-coding credentials');
    commitMany(work, 'main', 3);
    git(work, 'checkout', '--quiet', '-b', 'topic');
    commitMany(work, 'topic', 2);
    const fresh = awsCredentials();
    commit(work, { 'topic/settings.py': settingsWith(fresh) }, 'Topic settings');
    const tip = commitMany(work, 'topic-more', 2);
    const remote = join(tmp, 'remote.git');
    git(tmp, 'clone', '--quiet', '--bare', work, remote);
    const workspace = join(tmp, 'checkout');
    checkout(remote, workspace, 'refs/heads/topic');

    const run = await runAction({
      workspace,
      eventName: 'push',
      ref: 'refs/heads/topic',
      payload: {
        ref: 'refs/heads/topic',
        before: ZERO,
        after: tip,
        created: true,
        deleted: false,
        forced: false,
        base_ref: null,
        commits: [{ id: tip, distinct: true, message: 'topic-more 2' }],
        head_commit: { id: tip },
      },
    });

    expect(run.code).toBe(1);
    expect(paths(run)).toEqual(['topic/settings.py']);
    expect(run.stdout).toContain('Scanning 5 commits (new branch refs/heads/topic');
    expect(api.requests).toEqual([]);
    expect(run.stdout).toMatch(/::notice::Skipped the pull request comment: the push event/);
    expectNoLeak(run, old, fresh);
  });

  it('scans the replacement commits of a force push whose before is gone', async () => {
    const work = initRepo(join(tmp, 'work'));
    commitMany(work, 'main', 3);
    git(work, 'checkout', '--quiet', '-b', 'feature');
    const before = commitMany(work, 'draft', 4);
    const remote = join(tmp, 'remote.git');
    git(tmp, 'clone', '--quiet', '--bare', work, remote);
    git(work, 'reset', '--quiet', '--hard', 'main');
    const creds = awsCredentials();
    commit(work, { 'deploy/settings.py': settingsWith(creds) }, 'Rewrite the deployment');
    const after = commitMany(work, 'rewrite', 1);
    git(work, 'push', '--quiet', '--force', remote, 'feature');
    git(remote, 'gc', '--quiet', '--prune=now');
    const workspace = join(tmp, 'checkout');
    checkout(remote, workspace, 'refs/heads/feature');

    const run = await runAction({
      workspace,
      eventName: 'push',
      ref: 'refs/heads/feature',
      payload: {
        ref: 'refs/heads/feature',
        before,
        after,
        created: false,
        deleted: false,
        forced: true,
        commits: [{ id: after, distinct: true }],
      },
    });

    expect(run.code).toBe(1);
    expect(paths(run)).toEqual(['deploy/settings.py']);
    expect(run.summary).toMatch(
      /no longer exists; scanning the commits on no other branch instead/,
    );
    expect(run.stdout).toContain('Scanning 2 commits (force push');
    expectNoLeak(run, creds);
  });

  it('passes a clean push with passed=true and findings=0', async () => {
    const work = initRepo(join(tmp, 'work'));
    const before = commitMany(work, 'main', 3);
    commit(work, { 'config/settings.py': SETTINGS_FROM_ENV }, 'Settings from the environment');
    const after = commitMany(work, 'more', 2);
    const remote = join(tmp, 'remote.git');
    git(tmp, 'clone', '--quiet', '--bare', work, remote);
    const workspace = join(tmp, 'checkout');
    checkout(remote, workspace, 'refs/heads/main');

    const run = await runAction({
      workspace,
      eventName: 'push',
      payload: { ref: 'refs/heads/main', before, after, forced: false, commits: [{ id: after }] },
    });

    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      findings: '0',
      passed: 'true',
      'sarif-file': join(workspace, 'reports/secrets.sarif'),
    });
    expect(sarifResults(run)).toEqual([]);
    expect(errorLines(run)).toEqual([]);
    expect(run.summary).toContain('DevSecOps: passed');
    expect(run.summary).toContain('3 commits in range.');
    expect(api.requests).toEqual([]);
  });

  it('reports without failing when warn-only is set', async () => {
    const pr = pullRequestRepository();
    const workspace = join(tmp, 'checkout');
    checkout(pr.remote, workspace, 'refs/pull/7/merge');

    const run = await runAction({
      workspace,
      eventName: 'pull_request',
      payload: pr.payload,
      inputs: { 'warn-only': 'true', 'comment-on-pr': 'never', 'sarif-file': '' },
    });

    expect(run.code).toBe(0);
    expect(run.outputs['passed']).toBe('false');
    expect(run.outputs['sarif-file']).toBe('');
    expect(run.stdout).toMatch(
      /::warning::Secrets: \d+ findings? at or above fail-on: low .*warn-only is set/,
    );
    expect(errorLines(run).filter((l) => l.startsWith('::error::Secrets'))).toEqual([]);
    expect(existsSync(join(workspace, 'reports'))).toBe(false);
    expect(api.requests).toEqual([]);
    expectNoLeak(run, pr.creds);
  });

  it('scans the whole history on a schedule', async () => {
    const pr = pullRequestRepository();
    const workspace = join(tmp, 'checkout');
    checkout(pr.remote, workspace, 'refs/heads/main', 1);

    const run = await runAction({
      workspace,
      eventName: 'schedule',
      payload: { schedule: '17 3 * * 1' },
    });

    expect(run.stdout).toContain('Fetched the full history of the shallow clone.');
    expect(run.code).toBe(1);
    expect(paths(run)).toEqual(['config/settings.py']);
    expectNoLeak(run, pr.creds);
  });

  it('reads only the changes below `path` in commit modes, named from the repository root', async () => {
    const workspace = initRepo(join(tmp, 'checkout'));
    const [api, web] = [awsCredentials(), awsCredentials()];
    commit(
      workspace,
      { 'api/settings.py': settingsWith(api), 'web/settings.py': settingsWith(web) },
      'both',
    );
    commit(workspace, { 'api/settings.py': SETTINGS_FROM_ENV }, 'api reads the environment');

    for (const mode of ['history', 'range']) {
      const run = await runAction({
        workspace,
        eventName: 'workflow_dispatch',
        payload: {},
        inputs: { path: 'api', mode, range: mode === 'range' ? 'HEAD~1' : '' },
      });
      expect(run.code, run.stdout).toBe(1);
      expect(paths(run)).toEqual(['api/settings.py']);
      expectNoLeak(run, api, web);
    }
  });

  it('follows a linked `path` to its folder in the repository, and refuses one that leaves it', async () => {
    const workspace = initRepo(join(tmp, 'checkout'));
    const creds = awsCredentials();
    commit(workspace, { 'api/settings.py': settingsWith(creds) }, 'api');
    await symlink('api', join(workspace, 'current'));
    await mkdir(join(tmp, 'elsewhere'));
    await symlink(join(tmp, 'elsewhere'), join(workspace, 'outside'));

    const run = await runAction({
      workspace,
      eventName: 'workflow_dispatch',
      payload: {},
      inputs: { path: 'current', mode: 'dir' },
    });
    expect(run.code).toBe(1);
    expect(paths(run)).toEqual(['api/settings.py']);

    const out = await runAction({
      workspace,
      eventName: 'workflow_dispatch',
      payload: {},
      inputs: { path: 'outside', mode: 'dir' },
    });
    expect(errorLines(out)).toEqual([
      '::error::Input "path" ("outside") leads outside the workspace; give a folder of the checkout.',
    ]);
    expectNoLeak(run, creds);
  });

  it('fails with one clear line when `path` is a file or missing', async () => {
    const workspace = initRepo(join(tmp, 'checkout'));
    commit(workspace, { 'a.txt': 'a\n' }, 'a');
    for (const [path, message] of [
      ['a.txt', 'Input "path" ("a.txt") is a file; give the folder that contains it.'],
      ['gone', 'Input "path" ("gone") does not exist in the workspace.'],
    ] as const) {
      const run = await runAction({
        workspace,
        eventName: 'workflow_dispatch',
        payload: {},
        inputs: { path, mode: 'history' },
      });
      expect(run.code).toBe(1);
      expect(errorLines(run)).toEqual([`::error::${message}`]);
    }
  });

  it('scans the commits a merge group adds to its base', async () => {
    const pr = pullRequestRepository();
    const workspace = join(tmp, 'checkout');
    checkout(pr.remote, workspace, 'refs/pull/7/merge');

    const run = await runAction({
      workspace,
      eventName: 'merge_group',
      payload: {
        action: 'checks_requested',
        merge_group: {
          head_sha: pr.merge,
          head_ref: 'refs/heads/gh-readonly-queue/main/pr-7-' + pr.base,
          base_sha: pr.base,
          base_ref: 'refs/heads/main',
        },
      },
    });

    // The pull request's 32 commits and the merge commit.
    expect(run.stdout).toContain('Scanning 33 commits (merge group');
    expect(run.code).toBe(1);
    expect(paths(run)).toEqual(['config/settings.py']);
    expectNoLeak(run, pr.creds);
  });

  it('passes a push that deletes a branch, scanning nothing', async () => {
    const workspace = initRepo(join(tmp, 'checkout'));
    const sha = commit(workspace, { 'a.txt': 'a\n' }, 'a');

    const run = await runAction({
      workspace,
      eventName: 'push',
      payload: { ref: 'refs/heads/old', before: sha, after: ZERO, deleted: true, commits: [] },
    });

    expect(run.code).toBe(0);
    expect(run.outputs['passed']).toBe('true');
    expect(run.outputs['findings']).toBe('0');
    expect(run.summary).toContain('push deleted refs/heads/old: nothing to scan');
  });

  describe('in the working tree', () => {
    function serviceWorkspace() {
      const workspace = initRepo(join(tmp, 'checkout'));
      const creds = awsCredentials();
      commit(
        workspace,
        { 'services/api/settings.py': settingsWith(creds), 'web/index.html': '<p>hi</p>\n' },
        'Service settings',
      );
      return { workspace, creds };
    }

    it('reports paths from the repository root when path is a subfolder', async () => {
      const { workspace, creds } = serviceWorkspace();
      const run = await runAction({
        workspace,
        eventName: 'release',
        payload: { action: 'published' },
        inputs: { path: 'services/api' },
      });
      expect(run.code).toBe(1);
      expect(paths(run)).toEqual(['services/api/settings.py']);
      expect(run.stdout).toContain('Scan target: release event: working tree.');
      expectNoLeak(run, creds);
    });

    it('ignores the secrets of a baseline given as an input', async () => {
      const { workspace, creds } = serviceWorkspace();
      await writeBaseline(
        {
          target: { kind: 'dir', root: workspace },
          cwd: workspace,
          outputPath: 'known-secrets.json',
        },
        createMemoryLogger(),
      );
      expect(await readFile(join(workspace, 'known-secrets.json'), 'utf8')).not.toContain(
        creds.keyId,
      );

      const run = await runAction({
        workspace,
        eventName: 'workflow_run',
        payload: {},
        inputs: { mode: 'dir', baseline: 'known-secrets.json' },
      });
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({ passed: 'true', findings: '0' });
      expect(run.summary).toContain('Baseline known-secrets.json: 2 known secrets not reported.');
      expectNoLeak(run, creds);
    });

    it('applies the policy file named by config', async () => {
      const { workspace, creds } = serviceWorkspace();
      await mkdir(join(workspace, 'ci'));
      await writeFile(
        join(workspace, 'ci/policy.yml'),
        'secrets:\n  disabled-rules: [aws-secret-access-key, generic-api-key]\n  ignore-paths: ["web/**"]\n',
      );
      const run = await runAction({
        workspace,
        eventName: 'release',
        payload: {},
        inputs: { config: 'ci/policy.yml', 'comment-on-pr': 'never' },
      });
      expect(run.code).toBe(1);
      expect(sarifResults(run).map((r) => r.ruleId)).toEqual(['aws-access-token']);
      expectNoLeak(run, creds);
    });

    it('fails with the policy problem when the policy file is invalid', async () => {
      const { workspace } = serviceWorkspace();
      await mkdir(join(workspace, '.github'));
      await writeFile(join(workspace, '.github/devsecops.yml'), 'secrets:\n  fail-on: sometimes\n');
      const run = await runAction({ workspace, eventName: 'release', payload: {} });
      expect(run.code).toBe(1);
      const errors = errorLines(run);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^::error::Policy file .*devsecops\.yml" is invalid: secrets\.fail-on: /,
      );
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    });
  });

  it('runs from the layout the runner downloads, without node_modules', async () => {
    // The runner fetches the whole repository for `uses: owner/repo/actions/secrets-scan@ref`.
    const root = join(tmp, '_actions/o/devsecops-toolkit/v1');
    await cp(
      fileURLToPath(new URL('../../dist', import.meta.url)),
      join(root, 'actions/secrets-scan/dist'),
      {
        recursive: true,
      },
    );
    await cp(
      fileURLToPath(new URL('../../../../configs/secrets/rules.toml', import.meta.url)),
      join(root, 'configs/secrets/rules.toml'),
    );
    const workspace = initRepo(join(tmp, 'checkout'));
    const creds = awsCredentials();
    commit(workspace, { 'deploy.py': settingsWith(creds) }, 'Deploy script');

    const run = await runAction({
      workspace,
      eventName: 'release',
      payload: {},
      dist: join(root, 'actions/secrets-scan/dist/index.js'),
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(paths(run)).toEqual(['deploy.py']);
    expectNoLeak(run, creds);
  });

  it('rejects a bad input with one line and no stack trace', async () => {
    const workspace = initRepo(join(tmp, 'checkout'));
    commit(workspace, { 'a.txt': 'a\n' }, 'a');

    const run = await runAction({
      workspace,
      eventName: 'push',
      payload: {},
      inputs: { 'fail-on': 'bogus' },
    });

    expect(run.code).toBe(1);
    expect(run.stdout.trim()).toBe(
      '::error::Input "fail-on" must be one of critical, high, medium, low, info; got "bogus".',
    );
    expect(run.stderr).toBe('');
    expect(run.outputs).toEqual({});
    expect(run.summary).toBe('');
  });
});
