import { describe, expect, it } from 'vitest';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, createMemoryLogger, EnvironmentError } from '@devsecops/action-kit';
import { directoryChunks, type DirectoryStats } from '../../src/sources/directory.js';
import { runSecretsScan, type ScanTarget } from '../../src/lib.js';
import {
  FIXTURE_RULES,
  fixtureDetector,
  gitRepo,
  makeSecrets,
  useTempDirs,
  writeFiles,
} from './helpers.js';

const s = makeSecrets(31);
const dir = useTempDirs();

async function scan(root: string, target: ScanTarget) {
  const logger = createMemoryLogger();
  const result = await runSecretsScan({ target, cwd: root, rulesPath: FIXTURE_RULES }, logger);
  return { result, logger };
}

describe('directory source', () => {
  it('honours nested .gitignore files and skips .git', async () => {
    const root = dir();
    writeFiles(root, {
      '.gitignore': 'build/\n*.log\n',
      'pkg/.gitignore': 'local.env\n!keep.log\n',
      'src/a.ts': `const t = "${s.github()}";\n`,
      'build/out.js': `const t = "${s.github()}";\n`,
      'debug.log': `t=${s.github()}\n`,
      'pkg/local.env': `T=${s.github()}\n`,
      'pkg/keep.log': `T=${s.github()}\n`,
      'pkg/other.env': `T=${s.github()}\n`,
      '.git/config': `token = ${s.github()}\n`,
    });
    const { result } = await scan(root, { kind: 'dir', root });
    expect(result.findings.map((f) => f.location.path).sort()).toEqual([
      'pkg/keep.log',
      'pkg/other.env',
      'src/a.ts',
    ]);

    const all = await scan(root, { kind: 'dir', root, noGitignore: true });
    expect(all.result.findings).toHaveLength(6);
  });

  it('skips and counts binary files, and survives invalid UTF-8', async () => {
    const root = dir();
    const token = s.github();
    writeFiles(root, {
      'image.png': Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
        Buffer.from(token),
      ]),
      'latin1.txt': Buffer.concat([
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]),
        Buffer.from(`token = "${token}"\n`),
      ]),
    });
    const { result, logger } = await scan(root, { kind: 'dir', root });
    expect(result.findings.map((f) => [f.location.path, f.location.startLine])).toEqual([
      ['latin1.txt', 2],
    ]);
    expect(result.stats?.['binary']).toBe(1);
    expect(result.notes.join('\n')).toContain('Skipped 1 binary file');
    expect(logger.lines.join('\n')).toMatch(/^Scanned 1 file \(.*\) in .*: 1 finding$/m);
  });

  it('reads a large file in parts, finding secrets at the right lines and across a cut', async () => {
    const root = dir();
    const first = s.github();
    const key = s.privateKey();
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++)
      lines.push(`line ${i} ${'lorem ipsum dolor sit amet '.repeat(3)}`);
    lines[10] = `a = "${first}"`;
    lines.splice(2000, 0, ...key.split('\n'));
    writeFileSync(join(root, 'big.txt'), lines.join('\n') + '\n');
    const stats: DirectoryStats = { files: 0, bytes: 0, binary: 0, large: 0, ignored: 0 };
    const chunks = [];
    for await (const c of directoryChunks(root, stats, {
      largeFileBytes: 64 * 1024,
      partBytes: 64 * 1024,
    }))
      chunks.push(c);
    expect(chunks.length).toBeGreaterThan(3);
    expect(stats.large).toBe(1);
    // Each part starts at a line boundary with the right line number.
    for (const c of chunks) {
      const firstLine = c.text.split('\n')[0]!;
      expect(lines[(c.firstLine ?? 1) - 1]).toBe(firstLine);
    }
    // The key block sits across a cut; the overlap finds it whole, at its line.
    const detector = fixtureDetector();
    const found = new Set(
      chunks.flatMap((c) => detector.scan(c)).map((m) => `${m.ruleId}:${m.line}`),
    );
    expect([...found].sort()).toEqual(['github-pat:11', 'private-key:2001']);
  });

  it('reports paths relative to cwd when scanning a subdirectory', async () => {
    const root = dir();
    writeFiles(root, { 'app/config/x.yml': `token: ${s.github()}\n` });
    const logger = createMemoryLogger();
    const result = await runSecretsScan(
      { target: { kind: 'dir', root: 'app' }, cwd: root, rulesPath: FIXTURE_RULES },
      logger,
    );
    expect(result.findings[0]!.location.path).toBe('app/config/x.yml');
    expect(result.findings[0]!.message).toMatch(
      /^GitHub personal access token "ghp_\*\*\*\*\*" in app\/config\/x\.yml$/,
    );
  });

  it('reports progress with the number of files', async () => {
    const root = dir();
    writeFiles(root, { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c/d.txt': 'd\n' });
    const calls: [number, number | undefined][] = [];
    await runSecretsScan(
      {
        target: { kind: 'dir', root },
        cwd: root,
        rulesPath: FIXTURE_RULES,
        onProgress: (d, t) => calls.push([d, t]),
      },
      createMemoryLogger(),
    );
    expect(calls).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('scans standard input under its name', async () => {
    const root = dir();
    const { result } = await scan(root, {
      kind: 'stdin',
      name: '<stdin>',
      text: `x\nid=${s.aws()}\n`,
    });
    expect(result.findings.map((f) => [f.location.path, f.location.startLine, f.ruleId])).toEqual([
      ['<stdin>', 2, 'aws-access-key-id'],
    ]);
  });

  it('scans a folder given through a link, without following links inside it', async () => {
    const root = dir();
    writeFiles(root, {
      'real/app.env': `GH=${s.github()}\n`,
      'outside/other.env': `GH=${s.github()}\n`,
    });
    symlinkSync(join(root, 'real'), join(root, 'link'));
    symlinkSync(join(root, 'outside'), join(root, 'real', 'out'));
    const { result } = await scan(root, { kind: 'dir', root: join(root, 'link') });
    expect(result.findings.map((f) => f.location.path)).toEqual(['link/app.env']);
  });

  it('leaves out policy ignore-paths', async () => {
    const root = dir();
    writeFiles(root, {
      '.github/devsecops.yml': 'secrets:\n  ignore-paths: ["fixtures/**"]\n',
      'fixtures/a.txt': `t = ${s.github()}\n`,
      'src/a.txt': `t = ${s.github()}\n`,
    });
    const { result } = await scan(root, { kind: 'dir', root });
    expect(result.findings.map((f) => f.location.path)).toEqual(['src/a.txt']);
    expect(result.stats?.['ignored']).toBe(1);
  });
});

describe('git sources', () => {
  it('staged: scans only added lines with new-file line numbers', async () => {
    const root = dir();
    const repo = gitRepo(root);
    const old = s.github();
    repo.commit({ 'a.txt': `one\ntwo\nold = "${old}"\n` }, 'initial');
    const fresh = s.github();
    writeFiles(root, {
      'a.txt': `one\nnew = "${fresh}"\ntwo\nold = "${old}"\n`,
      'unstaged.txt': `x = "${s.github()}"\n`,
    });
    repo.git('add', 'a.txt');
    const { result, logger } = await scan(root, { kind: 'staged', root });
    expect(result.findings.map((f) => [f.location.path, f.location.startLine])).toEqual([
      ['a.txt', 2],
    ]);
    expect(logger.lines.join('\n')).toMatch(/Scanned staged changes in 1 file/);
  });

  it('staged: works before the first commit', async () => {
    const root = dir();
    const repo = gitRepo(root);
    writeFiles(root, { 'a.txt': `k = "${s.github()}"\n` });
    repo.git('add', 'a.txt');
    const { result } = await scan(root, { kind: 'staged', root });
    expect(result.findings).toHaveLength(1);
  });

  it('history finds a secret added then deleted; a directory scan does not', async () => {
    const root = dir();
    const repo = gitRepo(root);
    const token = s.github();
    repo.commit({ 'README.md': '# app\n' }, 'start');
    const added = repo.commit(
      { 'config/dev.env': `A=1\nGITHUB_TOKEN=${token}\n` },
      'add dev config',
    );
    repo.commit({ 'config/dev.env': 'A=1\n' }, 'remove the token');

    const history = await scan(root, { kind: 'history', root });
    expect(history.result.findings).toHaveLength(1);
    const f = history.result.findings[0]!;
    expect(f.location).toMatchObject({ path: 'config/dev.env', startLine: 2 });
    expect(f.properties).toMatchObject({
      commit: added,
      author: 'Ada Tester',
      email: 'ada@example.test',
    });
    expect(f.properties!['date']).toMatch(/^2024-01-01T00:02:00/);
    expect(history.result.stats?.['commits']).toBe(3);
    expect(JSON.stringify(history.result)).not.toContain(token);

    const files = await scan(root, { kind: 'dir', root });
    expect(files.result.findings).toEqual([]);
  });

  it('range: scans each commit of a branch with merges once, including what a merge adds itself', async () => {
    const root = dir();
    const repo = gitRepo(root);
    const base = repo.commit({ 'a.txt': 'a\n' }, 'base');
    repo.git('checkout', '-q', '-b', 'feature');
    const onBranch = s.github();
    repo.commit({ 'b.txt': `b = "${onBranch}"\n` }, 'feature work');
    repo.git('checkout', '-q', 'main');
    repo.commit({ 'c.txt': 'c\n' }, 'main work');
    repo.git(
      '-c',
      'user.name=Ada Tester',
      '-c',
      'user.email=ada@example.test',
      'merge',
      '-q',
      '--no-ff',
      '--no-commit',
      'feature',
    );
    // An "evil merge": content that neither parent has, introduced by the merge commit itself.
    const inMerge = s.github();
    writeFiles(root, { 'a.txt': `a\nmerge = "${inMerge}"\n` });
    repo.git('add', 'a.txt');
    repo.git(
      '-c',
      'user.name=Ada Tester',
      '-c',
      'user.email=ada@example.test',
      'commit',
      '-q',
      '-m',
      'merge feature',
    );
    const merge = repo.git('rev-parse', 'HEAD');

    const { result } = await scan(root, {
      kind: 'range',
      root,
      include: ['HEAD'],
      exclude: [base],
    });
    const found = result.findings.map((f) => [f.location.path, f.properties!['commit']]).sort();
    expect(found).toHaveLength(2);
    expect(found).toContainEqual(['a.txt', merge]);
    expect(found.map((x) => x[0])).toEqual(['a.txt', 'b.txt']);
    expect(result.stats?.['commits']).toBe(3);
  });

  it('range: an unknown revision is a configuration error', async () => {
    const root = dir();
    const repo = gitRepo(root);
    repo.commit({ 'a.txt': 'a\n' }, 'base');
    const error = await scan(root, {
      kind: 'range',
      root,
      include: ['HEAD'],
      exclude: ['no-such-branch'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/Unknown git revision "no-such-branch"/);
  });

  it('history: a directory that is not a repository is a configuration error', async () => {
    const root = dir();
    const error = await scan(root, { kind: 'history', root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
  });

  it('history and staged of a subdirectory read its files only, named as a directory scan names them', async () => {
    const root = dir();
    const repo = gitRepo(root);
    repo.commit({ 'api/.env': `GH=${s.github()}\n`, 'web/.env': `GH=${s.github()}\n` }, 'both');
    writeFiles(root, { 'api/new.env': `GH=${s.github()}\n`, 'web/new.env': `GH=${s.github()}\n` });
    repo.git('add', '-A');
    const sub = join(root, 'api');
    const paths = async (cwd: string, target: ScanTarget) => {
      const logger = createMemoryLogger();
      const result = await runSecretsScan({ target, cwd, rulesPath: FIXTURE_RULES }, logger);
      return result.findings.map((f) => f.location.path).sort();
    };
    // From the repository root (the action): repository paths.
    expect(await paths(root, { kind: 'history', root: sub })).toEqual(['api/.env']);
    expect(await paths(root, { kind: 'staged', root: sub })).toEqual(['api/new.env']);
    expect(await paths(root, { kind: 'dir', root: sub })).toEqual(['api/.env', 'api/new.env']);
    // From the subdirectory itself (the CLI given a folder): paths below it.
    expect(await paths(sub, { kind: 'history', root: sub })).toEqual(['.env']);
    expect(await paths(sub, { kind: 'dir', root: sub })).toEqual(['.env', 'new.env']);
  });

  it('history of a subdirectory keeps only its files of a merge, whose combined diff names all', async () => {
    const root = dir();
    const repo = gitRepo(root);
    repo.commit({ 'sub/f.txt': 'base\n', 'root.txt': 'base\n' }, 'base');
    repo.git('checkout', '-q', '-b', 'side');
    repo.commit({ 'sub/f.txt': 'side\n', 'root.txt': 'side\n' }, 'side');
    repo.git('checkout', '-q', 'main');
    repo.commit({ 'sub/f.txt': 'main\n', 'root.txt': 'main\n' }, 'main');
    try {
      repo.git('merge', '-q', 'side');
    } catch {
      // the conflicts are expected: the resolution below is the merge's own content
    }
    writeFiles(root, { 'sub/f.txt': `GH=${s.github()}\n`, 'root.txt': `GH=${s.github()}\n` });
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-edit');
    const sub = join(root, 'sub');
    const found = async (cwd: string) => {
      const logger = createMemoryLogger();
      const result = await runSecretsScan(
        { target: { kind: 'history', root: sub }, cwd, rulesPath: FIXTURE_RULES },
        logger,
      );
      return result.findings.map((f) => `${f.location.path}:${f.location.startLine}`);
    };
    expect(await found(sub)).toEqual(['f.txt:1']);
    expect(await found(root)).toEqual(['sub/f.txt:1']);
  });

  it('history: a clone that lacks an object is an environment error that says so', async () => {
    const root = dir();
    const repo = gitRepo(root);
    repo.commit({ 'a.txt': 'first\n' }, 'base');
    repo.commit({ 'a.txt': 'second\n' }, 'edit');
    const blob = repo.git('rev-parse', 'HEAD~1:a.txt');
    rmSync(join(root, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const error = await scan(root, { kind: 'history', root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(
      new RegExp(`cannot read every object .*${blob}.*incomplete or damaged`),
    );
  });

  it('a missing git binary is an environment error', async () => {
    const root = dir();
    const saved = process.env['PATH'];
    process.env['PATH'] = join(root, 'empty-bin');
    try {
      const error = await scan(root, { kind: 'history', root }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EnvironmentError);
      expect((error as Error).message).toMatch(/git is not installed/);
    } finally {
      process.env['PATH'] = saved;
    }
  });

  it('history: survives binary files, renames, quoted paths and invalid UTF-8', async () => {
    const root = dir();
    const repo = gitRepo(root);
    const token = s.github();
    repo.commit(
      { 'bin.dat': Buffer.from([0, 1, 2, 3, 0xff]), 'we ird "name".txt': `t = "${token}"\n` },
      'odd files',
    );
    repo.commit(
      {
        'bad.txt': Buffer.concat([
          Buffer.from([0xc3, 0x28, 0x0a]),
          Buffer.from(`k = "${s.github()}"\n`),
        ]),
      },
      'bad utf8',
    );
    repo.git('mv', 'we ird "name".txt', 'renamed.txt');
    repo.commit({}, 'rename');
    const { result } = await scan(root, { kind: 'history', root });
    const paths = result.findings.map((f) => `${f.location.path}:${f.location.startLine}`).sort();
    expect(paths).toEqual(['bad.txt:2', 'renamed.txt:1', 'we ird "name".txt:1']);
    expect(result.stats?.['binary']).toBe(1);
  });
});

describe('directory source: encodings and unreadable paths', () => {
  it('reads UTF-16 files with a byte order mark instead of skipping them as binary', async () => {
    const root = dir();
    const text = `token = "${s.github()}"\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    writeFiles(root, { 'le.txt': le, 'be.txt': be });
    const { result } = await scan(root, { kind: 'dir', root });
    expect(result.findings.map((f) => [f.location.path, f.location.startLine]).sort()).toEqual([
      ['be.txt', 1],
      ['le.txt', 1],
    ]);
    expect(result.stats?.['binary']).toBe(0);
  });

  it('says which paths it could not read instead of passing silently', async () => {
    const root = dir();
    writeFiles(root, { 'a.txt': 'nothing here\n', 'b.txt': 'nothing\n', 'c.txt': 'nothing\n' });
    const stats: DirectoryStats = { files: 0, bytes: 0, binary: 0, large: 0, ignored: 0 };
    const chunks = directoryChunks(root, stats);
    // The walk lists every file before reading any; one removed in between cannot be read,
    // as a file without read permission cannot (a test running as root can revoke nothing).
    expect((await chunks.next()).value?.path).toBe('a.txt');
    rmSync(join(root, 'b.txt'));
    const rest: string[] = [];
    for await (const chunk of chunks) rest.push(chunk.path);
    expect(rest).toEqual(['c.txt']);
    expect(stats.unreadable).toEqual(['b.txt']);
  });
});
