import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '@devsecops/action-kit';
import { builtinRulesPath, loadBuiltinRules } from '../../src/engine/config.js';
import { createDetector } from '../../src/engine/detector.js';
import { buildKeywordAutomaton } from '../../src/engine/keyword-automaton.js';
import { parseRuleFile } from '../../src/engine/rules.js';
import {
  logChunks,
  runSecretsScan,
  stagedChunks,
  type ScanChunk,
  type SecretMatch,
} from '../../src/lib.js';
import type { GitSourceStats } from '../../src/sources/git.js';
import {
  expandSample,
  FIXTURE_RULES,
  fixtureDetector,
  gitRepo,
  makeSecrets,
  prng,
  useTempDirs,
  writeFiles,
} from './helpers.js';

const s = makeSecrets(61);
const dir = useTempDirs();

function newStats(): GitSourceStats {
  return { commits: 0, files: 0, bytes: 0, binary: 0 };
}

async function history(
  root: string,
  selectLines?: (path: string, bytes: Uint8Array) => readonly number[] | undefined,
): Promise<{ chunks: ScanChunk[]; stats: GitSourceStats }> {
  const stats = newStats();
  const chunks: ScanChunk[] = [];
  for await (const c of logChunks(root, 'all', stats, { selectLines })) chunks.push(c);
  return { chunks, stats };
}

async function findings(root: string) {
  const result = await runSecretsScan(
    { target: { kind: 'history', root }, cwd: root, rulesPath: FIXTURE_RULES },
    createMemoryLogger(),
  );
  return result.findings
    .map((f) => `${f.location.path}:${f.location.startLine}:${f.location.startColumn}`)
    .sort();
}

describe('history patches', () => {
  it('reads paths with spaces, unicode, quotes, tabs and newlines as the files are named', async () => {
    const root = dir();
    const repo = gitRepo(root);
    const names = [
      'dir with space/file name.txt',
      'ünïcødé/日本語.txt',
      'quote"d.txt',
      'tab\there.txt',
      'new\nline.txt',
      'back\\slash.txt',
    ];
    repo.commit(Object.fromEntries(names.map((n, i) => [n, `line ${i}\n`])), 'odd names');
    const { chunks } = await history(root);
    expect(chunks.map((c) => c.path).sort()).toEqual([...names].sort());
    expect(chunks.find((c) => c.path === 'ünïcødé/日本語.txt')?.text).toBe('line 1');
  });

  it('finds a secret in a file whose name git quotes, at its line', async () => {
    const root = dir();
    const repo = gitRepo(root);
    repo.commit({ 'a "b"\tc.env': `x=1\nGH=${s.github()}\n` }, 'quoted');
    expect(await findings(root)).toEqual(['a "b"\tc.env:2:4']);
  });

  it('skips and counts binary files, scanning the text files of the same commit', async () => {
    const root = dir();
    const repo = gitRepo(root);
    repo.commit(
      {
        'img.png': Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), Buffer.from(s.github())]),
        'ok.txt': `GH=${s.github()}\n`,
      },
      'binary and text',
    );
    const { chunks, stats } = await history(root);
    expect(chunks.map((c) => c.path)).toEqual(['ok.txt']);
    expect(stats.binary).toBe(1);
    expect(await findings(root)).toEqual(['ok.txt:1:4']);
  });

  it('numbers added lines across several hunks, keeps CRLF lines and a last line without newline', async () => {
    const root = dir();
    const repo = gitRepo(root);
    const body = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    repo.commit({ 'a.txt': body.join('\n') + '\n' }, 'base');
    const edited = [...body];
    edited.splice(2, 0, 'inserted a');
    edited.splice(20, 1, 'changed b\r');
    edited.push('last c');
    repo.commit({ 'a.txt': edited.join('\n') }, 'edit');
    const { chunks } = await history(root);
    const edit = chunks.find((c) => c.commit?.message === 'edit')!;
    // `line 30` keeps its newline; only the new last line lacks one.
    expect(edit.text).toBe('inserted a\nchanged b\r\nlast c');
    expect(edit.lineNumbers).toEqual([3, 21, 32]);
  });

  it('treats added lines that look like patch headers as content', async () => {
    const root = dir();
    const repo = gitRepo(root);
    const token = s.github();
    const patch = [
      'diff --git a/x b/x',
      '--- a/x',
      '+++ b/x',
      '@@ -1 +1,2 @@',
      `+GH=${token}`,
      '\\ No newline at end of file',
    ].join('\n');
    repo.commit({ 'fix.patch': patch + '\n', 'after.txt': 'plain\n' }, 'a patch file');
    const { chunks } = await history(root);
    expect(chunks.map((c) => [c.path, c.text])).toEqual([
      ['after.txt', 'plain'],
      ['fix.patch', patch],
    ]);
    expect(await findings(root)).toEqual(['fix.patch:5:5']);
  });

  it('scans a line of several megabytes that spans many reads, at the right column', async () => {
    const root = dir();
    const repo = gitRepo(root);
    const filler = 'a'.repeat(3 * 1024 * 1024);
    const token = s.github();
    const line = `var x="${filler}";var t="${token}";`;
    repo.commit({ 'bundle.min.js': `${line}\n` }, 'minified');
    const { chunks } = await history(root);
    expect(chunks.map((c) => c.text)).toEqual([line]);
    expect(await findings(root)).toEqual([`bundle.min.js:1:${line.indexOf(token) + 1}`]);
  });

  it('shows a renamed and edited file whole at its new path (no rename detection)', async () => {
    const root = dir();
    const repo = gitRepo(root);
    const token = s.github();
    const body = Array.from({ length: 20 }, (_, i) => `setting_${i} = ${i}`);
    repo.commit({ 'old/config.ini': [...body, `token = ${token}`].join('\n') + '\n' }, 'add');
    repo.commit(
      {
        'old/config.ini': null,
        'new/config.ini': ['# moved', ...body, `token = ${token}`].join('\n') + '\n',
      },
      'rename with an edit',
    );
    // git itself sees a rename here; the scan must not let that hide the moved lines.
    expect(repo.git('show', '--stat', '-M', '--format=', 'HEAD')).toMatch(/=>/);
    expect(await findings(root)).toEqual(['new/config.ini:22:9', 'old/config.ini:21:9']);
  });

  it('takes from a merge only the lines it adds against every parent', async () => {
    const root = dir();
    const repo = gitRepo(root);
    repo.commit({ 'a.txt': 'one\ntwo\nthree\n' }, 'base');
    repo.git('checkout', '-q', '-b', 'side');
    repo.commit({ 'a.txt': 'one\ntwo side\nthree\n' }, 'side edit');
    repo.git('checkout', '-q', 'main');
    repo.commit({ 'a.txt': 'one\ntwo main\nthree\n' }, 'main edit');
    try {
      repo.git('merge', '-q', 'side');
    } catch {
      // the conflict is expected: resolve it with a line neither side has
    }
    const token = s.github();
    writeFiles(root, { 'a.txt': `one\ntwo both\nGH=${token}\nthree\n` });
    repo.git('add', 'a.txt');
    repo.git('commit', '-q', '--no-edit');
    const merge = repo.git('rev-parse', 'HEAD');
    const { chunks, stats } = await history(root);
    const own = chunks.filter((c) => c.commit?.sha === merge);
    expect(own.map((c) => [c.path, c.text, c.lineNumbers])).toEqual([
      ['a.txt', `two both\nGH=${token}`, [2, 3]],
    ]);
    expect(stats.commits).toBe(4);
    expect(await findings(root)).toEqual(['a.txt:3:4']);
  });

  it('passes over deleted files, mode changes and empty files', async () => {
    const root = dir();
    const repo = gitRepo(root);
    repo.commit({ 'gone.txt': 'bye\n', 'run.sh': 'echo\n' }, 'base');
    repo.commit({ 'gone.txt': null, 'empty.txt': '' }, 'delete, add empty');
    repo.git('update-index', '--chmod=+x', 'run.sh');
    repo.commit({}, 'mode only');
    const { chunks, stats } = await history(root);
    expect(chunks.map((c) => c.path).sort()).toEqual(['gone.txt', 'run.sh']);
    expect(stats.commits).toBe(3);
  });

  it('drops files the prefilter refuses before decoding them, still counting them', async () => {
    const root = dir();
    const repo = gitRepo(root);
    const detector = fixtureDetector();
    repo.commit(
      {
        'plain.js': 'const x = 1;\n',
        'config.js': `const auth = "${s.generic()}";\n`,
        'wrapped.yml': `value: ${Buffer.from(`GH=${s.github()}`).toString('base64')}\n`,
      },
      'three files',
    );
    const seen: string[] = [];
    const { chunks, stats } = await history(root, (path, bytes) => {
      seen.push(path);
      return detector.selectLines(path, bytes);
    });
    expect(seen.sort()).toEqual(['config.js', 'plain.js', 'wrapped.yml']);
    expect(chunks.map((c) => c.path).sort()).toEqual(['config.js', 'wrapped.yml']);
    expect(stats.files).toBe(3);
    expect(stats.bytes).toBeGreaterThan(50);
  });

  it('staged: prefilters the same way', async () => {
    const root = dir();
    const repo = gitRepo(root);
    writeFiles(root, { 'a.txt': 'nothing here\n', 'b.txt': `token = "${s.generic()}"\n` });
    repo.git('add', '-A');
    const stats = newStats();
    const chunks: ScanChunk[] = [];
    const detector = fixtureDetector();
    const options = { selectLines: (p: string, b: Uint8Array) => detector.selectLines(p, b) };
    for await (const c of stagedChunks(root, stats, options)) chunks.push(c);
    expect(chunks.map((c) => c.path)).toEqual(['b.txt']);
    expect(stats.files).toBe(2);
  });
});

describe('keyword automaton on bytes', () => {
  it('finds a keyword in UTF-8 bytes exactly when it finds it in the decoded text', () => {
    const automaton = buildKeywordAutomaton(['token', 'ghp_', 'akia'], true);
    const texts = [
      'plain text',
      'a TOKEN here',
      'tok€en split by a euro sign',
      'ünïcødé then ghp_ after',
      'akiä is not akia? yes it is: AKIA',
      '日本語token',
      'tok\u00e9n',
      '',
    ];
    for (const text of texts) {
      let inText = false;
      automaton.scan(text, () => (inText = true));
      const bytes = Buffer.from(text, 'utf8');
      expect(automaton.hits(bytes), text).toBe(inText);
    }
    const bytes = Buffer.from('xx token yy');
    expect(automaton.hits(bytes, 0, 4)).toBe(false);
    expect(automaton.hits(bytes, 3, 8)).toBe(true);
  });
});

describe('Detector.selectLines', () => {
  const { rules, allowlists } = loadBuiltinRules(builtinRulesPath());
  const detector = createDetector(rules, { allowlists });

  /** The chunk the git source builds from the picked lines of `text`. */
  function sparse(path: string, text: string): ScanChunk | undefined {
    const lines = text.split('\n');
    const picked = detector.selectLines(path, Buffer.from(text, 'utf8'));
    if (picked === undefined) return { path, text };
    if (picked.length === 0) return undefined;
    const kept = picked.filter((k) => k < lines.length);
    return {
      path,
      text: kept.map((k) => lines[k]).join('\n'),
      lineNumbers: kept.map((k) => k + 1),
    };
  }

  function place(m: SecretMatch) {
    return `${m.ruleId}@${m.line}:${m.column}-${m.endColumn}${m.encoding ? ` ${m.encoding}` : ''}`;
  }

  it.each(['src/app.js', 'deploy/values.yml'])(
    'finds in the picked lines of %s what a scan of every line finds',
    (path) => {
      const rand = prng(7);
      const pool: string[] = [];
      for (const rule of rules) {
        for (const sample of rule.samples?.positive ?? []) pool.push(expandSample(sample, rand));
      }
      const token = s.github();
      const extras = [
        // a structure opened on a keyword line and filled below it
        '"auths": {\n  "registry.example.net": {\n    "auth": "' +
          Buffer.from(`robot:${s.generic()}`).toString('base64') +
          '"\n  }\n}',
        // a private key: its window spans lines
        s.privateKey(),
        // a credential hidden in base64 with no clear-text keyword
        `value: ${Buffer.from(`GITHUB_TOKEN=${token}`).toString('base64')}`,
        `var bundle="${'x'.repeat(6000)}";var auth_token="${s.generic()}";`,
        'ünïcødé ✓ before a token = "' + s.generic() + '"',
      ];
      const filler = ['const a = 1;', '', '  return value;', '}', '// comment', 'x = [1, 2, 3]'];
      const lines: string[] = [];
      for (let i = 0; i < 3000; i++) {
        lines.push(
          rand() < 0.01 ? pool[Math.floor(rand() * pool.length)]! : filler[i % filler.length]!,
        );
      }
      // Each of these at least once, far from the others.
      extras.forEach((extra, i) => lines.splice(500 * (i + 1), 0, extra));
      const text = lines.join('\n');
      const whole = detector.scan({ path, text }).map(place);
      const chunk = sparse(path, text)!;
      expect(chunk.text.length).toBeLessThan(text.length * 0.9);
      expect(whole.length).toBeGreaterThan(10);
      expect(whole.filter((w) => w.startsWith('private-key@'))).toHaveLength(1);
      if (path.endsWith('.yml')) expect(whole.some((w) => w.endsWith(' base64'))).toBe(true);
      expect(detector.scan(chunk).map(place)).toEqual(whole);
    },
  );

  it('keeps nothing of a file without keywords, and every line when a rule has none', () => {
    expect(detector.selectLines('a.js', Buffer.from('const a = 1;\nlet b = 2;\n'))).toEqual([]);
    const keywordless = createDetector(
      parseRuleFile(
        [
          '[[rules]]',
          'id = "anything"',
          'description = "no keywords"',
          "regex = '''zz[0-9]{4}'''",
        ].join('\n'),
        'rules.toml',
        'native',
      ).rules,
    );
    expect(keywordless.selectLines('a.js', Buffer.from('a\nb\n'))).toBeUndefined();
  });

  it('history keeps lines far apart at their own line numbers', async () => {
    const root = dir();
    const repo = gitRepo(root);
    const body = Array.from({ length: 400 }, (_, i) => `line ${i + 1}`);
    body[99] = `GH=${s.github()}`;
    body[299] = s.privateKey().split('\n').join('\n');
    const text = body.join('\n').split('\n');
    repo.commit({ 'notes.txt': text.join('\n') + '\n' }, 'far apart');
    const { chunks } = await history(root, (p, b) => fixtureDetector().selectLines(p, b));
    expect(chunks).toHaveLength(1);
    // A keyword line that opens no block needs no line below it.
    expect(chunks[0]!.lineNumbers!.slice(0, 2)).toEqual([100, 300]);
    // The private key's keyword keeps the lines its multi-line window reaches.
    expect(chunks[0]!.lineNumbers).toContain(310);
    expect(chunks[0]!.lineNumbers).not.toContain(200);
    expect(await findings(root)).toEqual(['notes.txt:100:4', 'notes.txt:300:1']);
  });
});
