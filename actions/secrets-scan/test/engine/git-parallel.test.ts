import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, createMemoryLogger } from '@devsecops/action-kit';
import { logChunks, runSecretsScan, type ScanChunk } from '../../src/lib.js';
import type { GitSourceOptions, GitSourceStats } from '../../src/sources/git.js';
import { FIXTURE_RULES, gitRepo, makeSecrets, prng, useTempDirs } from './helpers.js';

const s = makeSecrets(83);
const dir = useTempDirs();

interface HistoryCommit {
  files: Record<string, string | null>;
  /** Seconds since the epoch; commits may share one. */
  date: number;
  /** Index of a second parent among the commits before (a merge). */
  merge?: number;
}

/**
 * Writes a linear history with merges in one `git fast-import` run: hundreds of commits in a
 * fraction of a second, where `git commit` would take seconds.
 */
function importHistory(root: string, commits: HistoryCommit[]): void {
  gitRepo(root);
  const parts: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  commits.forEach((c, i) => {
    parts.push(`commit refs/heads/main\nmark :${i + 1}\n`);
    parts.push(`committer Ada Tester <ada@example.test> ${c.date} +0000\n`);
    parts.push(data(`commit ${i}`));
    if (i > 0) parts.push(`from :${i}\n`);
    if (c.merge !== undefined) parts.push(`merge :${c.merge + 1}\n`);
    for (const [path, content] of Object.entries(c.files)) {
      parts.push(content === null ? `D ${path}\n` : `M 100644 inline ${path}\n${data(content)}`);
    }
  });
  execFileSync('git', ['fast-import', '--quiet'], { cwd: root, input: parts.join('') });
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: root });
}

/** A history of `n` commits editing a few files, with secrets added, moved and re-added. */
function busyHistory(n: number): { commits: HistoryCommit[]; secrets: string[] } {
  const rand = prng(7);
  const secrets = [s.github(), s.aws(), s.slack()];
  const commits: HistoryCommit[] = [];
  for (let i = 0; i < n; i++) {
    const file = `src/file-${Math.floor(rand() * 12)}.ts`;
    const lines = Array.from({ length: 1 + Math.floor(rand() * 6) }, (_, k) => `line ${i}.${k}`);
    const files: Record<string, string | null> = { [file]: lines.join('\n') + '\n' };
    // The same secret at the same place, added, removed and added again in commits that share
    // a date: the oldest by git's order is the one reported.
    if (i % 97 === 5) files['config/.env'] = `GITHUB_TOKEN=${secrets[0]}\n`;
    if (i % 97 === 40) files['config/.env'] = null;
    if (i === 301) files['deploy/aws.ini'] = `aws_access_key_id = ${secrets[1]}\n`;
    if (i === 451) files['notes/slack.md'] = `hook token ${secrets[2]}\n`;
    const merge = i > 10 && i % 50 === 0 ? i - 7 : undefined;
    commits.push({ files, date: 1_700_000_000 + Math.floor(i / 3) * 60, merge });
  }
  return { commits, secrets };
}

async function read(
  root: string,
  options: GitSourceOptions,
): Promise<{ chunks: ScanChunk[]; stats: GitSourceStats }> {
  const stats: GitSourceStats = { commits: 0, files: 0, bytes: 0, binary: 0 };
  const chunks: ScanChunk[] = [];
  for await (const c of logChunks(root, 'all', stats, options)) chunks.push(c);
  return { chunks, stats };
}

const shape = (c: ScanChunk) => [c.order, c.commit?.sha, c.path, c.text, c.lineNumbers];

describe('history read by several git processes', () => {
  it('yields what one process yields, and the order puts it back in git log order', async () => {
    const root = dir();
    importHistory(root, busyHistory(240).commits);

    const one = await read(root, { streams: 1 });
    const four = await read(root, { streams: 4, commitsPerStream: 1 });

    // One process hands chunks over in git's order; its order numbers only grow.
    const orders = one.chunks.map((c) => c.order!);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(new Set(orders).size).toBe(orders.length);
    const sorted = [...four.chunks].sort((a, b) => a.order! - b.order!);
    expect(sorted.map(shape)).toEqual(one.chunks.map(shape));
    expect(four.stats).toEqual(one.stats);
    expect(one.stats.commits).toBe(240);

    // git's own order, commit by commit.
    const logged = execFileSync('git', ['log', '--all', '--format=%H'], { cwd: root })
      .toString()
      .trim()
      .split('\n');
    const seen = [...new Set(sorted.map((c) => c.commit!.sha))];
    expect(seen).toEqual(logged.filter((sha) => seen.includes(sha)));
  });

  it('reads a range with several processes as one process does', async () => {
    const root = dir();
    importHistory(root, busyHistory(120).commits);
    const range = { include: ['main'], exclude: ['main~60'] };
    const readRange = async (options: GitSourceOptions) => {
      const stats: GitSourceStats = { commits: 0, files: 0, bytes: 0, binary: 0 };
      const chunks: ScanChunk[] = [];
      for await (const c of logChunks(root, range, stats, options)) chunks.push(c);
      return { chunks: chunks.sort((a, b) => a.order! - b.order!), stats };
    };
    const one = await readRange({ streams: 1 });
    const three = await readRange({ streams: 3, commitsPerStream: 1 });
    expect(three.chunks.map(shape)).toEqual(one.chunks.map(shape));
    expect(three.stats).toEqual(one.stats);
    const expected = execFileSync('git', ['rev-list', '--count', 'main~60..main'], { cwd: root });
    expect(one.stats.commits).toBe(Number(expected.toString().trim()));
    expect(one.chunks.length).toBeGreaterThan(50);
  });

  it('scans a long history in parallel with the same findings, oldest commit first', async () => {
    const root = dir();
    const { commits, secrets } = busyHistory(700);
    importHistory(root, commits);
    const result = await runSecretsScan(
      { target: { kind: 'history', root }, cwd: root, rulesPath: FIXTURE_RULES },
      createMemoryLogger(),
    );
    const got = result.findings.map((f) => [
      f.location.path,
      f.location.startLine,
      f.properties?.['commit'],
    ]);
    const firstAdding = (path: string) =>
      execFileSync('git', ['log', '--all', '--diff-filter=A', '--format=%H', '--', path], {
        cwd: root,
      })
        .toString()
        .trim()
        .split('\n')
        .pop();
    // One finding per secret and place; the .env token was added eight times.
    expect(got).toHaveLength(3);
    expect(got).toContainEqual(['config/.env', 1, firstAdding('config/.env')]);
    expect(got).toContainEqual(['deploy/aws.ini', 1, firstAdding('deploy/aws.ini')]);
    expect(got).toContainEqual(['notes/slack.md', 1, firstAdding('notes/slack.md')]);
    expect(result.stats?.['commits']).toBe(700);
    for (const secret of secrets) expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('puts findings in the same order whichever git process finishes first', async () => {
    const root = dir();
    const [x, y] = [s.github(), s.github()];
    // The newer half is heavy, so its git process finishes last: the older commit that added
    // `y` alone is read before the newer one that put `x` before it on the same line.
    const commits: HistoryCommit[] = Array.from({ length: 600 }, (_, i) => ({
      date: 1_700_000_000 + i * 60,
      files: {
        [`f${i % 13}.txt`]:
          i > 300
            ? Array.from({ length: 2000 }, (_, k) => `row ${i} ${k} lorem ipsum`).join('\n')
            : `n=${i}\n`,
      },
    }));
    // Two processes take 300 commits each: these two sit on either side of the cut.
    commits[299]!.files = { 'tie.txt': `keys = ${'Q'.repeat(40)} ${y}\n` };
    commits[300]!.files = { 'tie.txt': `keys = ${x} ${y}\n` };
    importHistory(root, commits);
    for (let run = 0; run < 3; run++) {
      const result = await runSecretsScan(
        { target: { kind: 'history', root }, cwd: root, rulesPath: FIXTURE_RULES },
        createMemoryLogger(),
      );
      // Git's order: the newer commit first, its secrets from left to right.
      expect(result.findings.map((f) => f.location.startColumn)).toEqual([8, 49]);
    }
  });

  it('credits a secret to the earliest commit, whatever the time zones of the dates', async () => {
    const root = dir();
    const token = s.github();
    gitRepo(root);
    // Added at 04:30Z (written in +09:00), removed, then added again at 17:00Z (written in
    // -05:00): as text, the later date sorts first.
    const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
    const commit = (mark: number, when: string, files: string) =>
      `commit refs/heads/main\nmark :${mark}\ncommitter A <a@example.test> ${when}\n${data(`c${mark}`)}${mark > 1 ? `from :${mark - 1}\n` : ''}${files}`;
    const stream = [
      commit(1, '1700022600 +0900', `M 100644 inline .env\n${data(`GH=${token}\n`)}`),
      commit(2, '1700030000 +0000', 'D .env\n'),
      commit(3, '1700067600 -0500', `M 100644 inline .env\n${data(`GH=${token}\n`)}`),
    ].join('');
    execFileSync('git', ['fast-import', '--quiet'], { cwd: root, input: stream });
    const first = execFileSync('git', ['rev-list', '--max-parents=0', 'main'], { cwd: root })
      .toString()
      .trim();
    const result = await runSecretsScan(
      { target: { kind: 'history', root }, cwd: root, rulesPath: FIXTURE_RULES },
      createMemoryLogger(),
    );
    expect(result.findings.map((f) => f.properties?.['commit'])).toEqual([first]);
  });

  it('reports a bad policy as such, and stops the git it started', async () => {
    const root = dir();
    importHistory(root, busyHistory(600).commits);
    writeFileSync(join(root, 'policy.yml'), 'secrets:\n  fail-on: sometimes\n');
    const scan = runSecretsScan(
      {
        target: { kind: 'history', root },
        cwd: root,
        rulesPath: FIXTURE_RULES,
        configPath: 'policy.yml',
      },
      createMemoryLogger(),
    );
    await expect(scan).rejects.toBeInstanceOf(ConfigurationError);
    await expect(scan).rejects.toThrow(/fail-on/);
    // No git process of this one is left running.
    const children = execFileSync('ps', ['--ppid', String(process.pid), '-o', 'args=']);
    expect(children.toString()).not.toContain('--no-walk');
  });
});
