import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { ConfigurationError, EnvironmentError } from '@devsecops/action-kit';
import type { CommitInfo, ScanChunk } from '../types.js';

/** Counters of a git source. */
export interface GitSourceStats {
  commits: number;
  files: number;
  bytes: number;
  binary: number;
}

/** Marks the start of a commit in `git log` output; fields are separated by unit separators. */
const SENTINEL = '\u001edevsecops-commit';
const FORMAT = `--format=%x1edevsecops-commit%x1f%H%x1f%an%x1f%ae%x1f%aI%x1f%s`;
const DIFF_FLAGS = ['-U0', '--no-color', '--no-ext-diff', '--no-renames', '--no-textconv'];

/**
 * Runs git with fixed, safe options. Spawn failures (git missing) are environment errors; a
 * non-zero exit becomes whatever `onFailure` says.
 */
export async function runGit(
  root: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['-c', 'core.quotePath=false', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (error) => reject(spawnError(error)));
    child.on('close', (code) =>
      resolvePromise({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

function spawnError(error: Error): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new EnvironmentError(
      'git is not installed or not on PATH; install git to scan staged changes or history.',
    );
  }
  return new EnvironmentError(`Cannot run git: ${error.message}`);
}

/** Fails with a ConfigurationError unless `root` is inside a git work tree. */
export async function assertRepository(root: string): Promise<void> {
  const r = await runGit(root, ['rev-parse', '--git-dir']);
  if (r.code !== 0) {
    throw new ConfigurationError(
      `"${root}" is not a git repository; scan it as a directory instead, or run inside a clone.`,
    );
  }
}

/** Fails with a ConfigurationError naming the first revision git does not know. */
export async function assertRevisions(root: string, revisions: readonly string[]): Promise<void> {
  for (const rev of revisions) {
    if (rev.startsWith('-'))
      throw new ConfigurationError(`Revision "${rev}" must not start with "-".`);
    const ends = rev.includes('...') ? rev.split('...') : rev.split('..');
    for (const end of ends) {
      if (end === '') continue;
      const r = await runGit(root, ['rev-parse', '--verify', '--quiet', `${end}^{commit}`]);
      if (r.code !== 0) {
        throw new ConfigurationError(
          `Unknown git revision "${end}". Fetch it first (actions/checkout with fetch-depth: 0) or correct the range.`,
        );
      }
    }
  }
}

/** Added lines of the staged changes (`git diff --cached`), one chunk per file. */
export async function* stagedChunks(
  root: string,
  stats: GitSourceStats,
): AsyncGenerator<ScanChunk> {
  await assertRepository(root);
  yield* patchChunks(root, ['diff', '--cached', ...DIFF_FLAGS], stats);
}

/**
 * Added lines of each commit reachable from `include` and not from `exclude`, one chunk per
 * file per commit. Merge commits contribute only what is new against every parent (`--cc`),
 * since what they bring from a branch was scanned in the branch's own commits.
 */
export async function* logChunks(
  root: string,
  range: { include: string[]; exclude: string[] } | 'all',
  stats: GitSourceStats,
): AsyncGenerator<ScanChunk> {
  await assertRepository(root);
  const revs =
    range === 'all'
      ? ['--all']
      : [...range.include, ...(range.exclude.length > 0 ? ['--not', ...range.exclude] : [])];
  if (range !== 'all') await assertRevisions(root, [...range.include, ...range.exclude]);
  yield* patchChunks(root, ['log', '-p', '--cc', ...DIFF_FLAGS, FORMAT, ...revs, '--'], stats);
}

// Limitation: one file's added lines in one commit are held in memory together; a commit that
// adds a file of hundreds of megabytes costs that much memory (directory scans read such files
// in parts).
interface FileState {
  path: string;
  lines: string[];
  numbers: number[];
  next: number;
  /** Combined diffs (merges) prefix each line with one column per parent. */
  columns: number;
  binary: boolean;
  deleted: boolean;
}

/** Streams `git <args>` and parses the patch incrementally; never holds the whole output. */
async function* patchChunks(
  root: string,
  args: string[],
  stats: GitSourceStats,
): AsyncGenerator<ScanChunk> {
  const child = spawn('git', ['-c', 'core.quotePath=false', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let spawnFailure: Error | undefined;
  child.on('error', (error) => {
    spawnFailure = spawnError(error);
    wake?.();
  });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (b: Buffer) => {
    if (stderr.length < 64) stderr.push(b);
  });
  const exited = new Promise<number>((res) => child.on('close', (code) => res(code ?? 1)));

  // Read git's output eagerly into a bounded queue: git keeps producing patches while a chunk
  // is scanned, instead of blocking on a full pipe. Above HIGH bytes queued, git is held back.
  const HIGH = 32 * 1024 * 1024;
  const LOW = 8 * 1024 * 1024;
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let wake: (() => void) | undefined;
  child.stdout.on('data', (b: Buffer) => {
    queue.push(b);
    queued += b.length;
    if (queued > HIGH) child.stdout.pause();
    wake?.();
  });
  child.stdout.on('end', () => {
    ended = true;
    wake?.();
  });
  child.stdout.on('error', () => {
    ended = true;
    wake?.();
  });
  const pull = async (): Promise<Buffer | undefined> => {
    while (queue.length === 0) {
      if (ended || spawnFailure) return undefined;
      await new Promise<void>((resolveWake) => (wake = resolveWake));
      wake = undefined;
    }
    const b = queue.shift()!;
    queued -= b.length;
    if (queued < LOW && child.stdout.isPaused()) child.stdout.resume();
    return b;
  };

  const decoder = new StringDecoder('utf8');
  let rest = '';
  let commit: CommitInfo | undefined;
  let file: FileState | undefined;
  let inHunk = false;

  function flush(): ScanChunk | undefined {
    const f = file;
    file = undefined;
    inHunk = false;
    if (!f || f.deleted) return undefined;
    if (f.binary) {
      stats.binary++;
      return undefined;
    }
    if (f.lines.length === 0) return undefined;
    stats.files++;
    const text = f.lines.join('\n');
    stats.bytes += text.length;
    return { path: f.path, text, lineNumbers: f.numbers, commit };
  }

  const ready: ScanChunk[] = [];
  function handle(line: string): void {
    if (line.startsWith(SENTINEL)) {
      const done = flush();
      if (done) ready.push(done);
      const [, sha = '', author = '', email = '', date = '', message = ''] = line.split('\u001f');
      commit = { sha, author, email, date, message };
      stats.commits++;
      return;
    }
    if (
      line.startsWith('diff --git ') ||
      line.startsWith('diff --cc ') ||
      line.startsWith('diff --combined ')
    ) {
      const done = flush();
      if (done) ready.push(done);
      const combined = !line.startsWith('diff --git ');
      file = {
        path: combined ? unquote(line.slice(line.indexOf(' ', 5) + 1)) : pathFromDiffGit(line),
        lines: [],
        numbers: [],
        next: 1,
        columns: combined ? 2 : 1,
        binary: false,
        deleted: false,
      };
      return;
    }
    if (!file) return;
    if (!inHunk) {
      if (line.startsWith('+++ ')) {
        const target = line.slice(4);
        if (target === '/dev/null') file.deleted = true;
        else file.path = stripPrefix(unquote(target));
      } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
        file.binary = true;
      } else if (line.startsWith('deleted file mode')) {
        file.deleted = true;
      }
    }
    if (line.startsWith('@@')) {
      inHunk = true;
      const at = line.indexOf(' +');
      const start = at < 0 ? NaN : parseInt(line.slice(at + 2), 10);
      file.next = Number.isNaN(start) ? 1 : start;
      const marker = /^(@+)/.exec(line)![1]!;
      file.columns = marker.length - 1;
      return;
    }
    if (!inHunk) return;
    if (line.startsWith('\\')) return; // "\ No newline at end of file"
    const prefix = line.slice(0, file.columns);
    // A line removed against some parent is not in the new file.
    if (prefix.length < file.columns || prefix.includes('-')) return;
    // Only lines new against every parent are this commit's own: `+` in a patch, `++` in a merge.
    if (!prefix.includes(' ')) {
      file.lines.push(line.slice(file.columns));
      file.numbers.push(file.next);
    }
    file.next++;
  }

  try {
    for (let data = await pull(); data !== undefined; data = await pull()) {
      const text = rest + decoder.write(data);
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        // Fast path for the bulk of a -U0 patch: a removed line is skipped without a copy.
        if (inHunk && file && file.columns === 1) {
          const c = text.charCodeAt(from);
          if (c === 45) {
            from = nl + 1;
            continue;
          }
          if (c === 43) {
            file.lines.push(text.slice(from + 1, nl));
            file.numbers.push(file.next++);
            from = nl + 1;
            continue;
          }
        }
        handle(text.slice(from, nl));
        from = nl + 1;
      }
      rest = text.slice(from);
      // Hand over what is complete; the consumer's pace holds git back through the pipe.
      while (ready.length > 0) yield ready.shift()!;
    }
    const tail = rest + decoder.end();
    if (tail) handle(tail);
    const done = flush();
    if (done) ready.push(done);
    while (ready.length > 0) yield ready.shift()!;
  } finally {
    if (child.exitCode === null) child.kill();
  }

  const code = await exited;
  if (spawnFailure) throw spawnFailure;
  if (code !== 0) {
    const message = Buffer.concat(stderr).toString('utf8').trim().split('\n')[0] ?? '';
    if (/unknown revision|bad revision|ambiguous argument|bad object/i.test(message)) {
      throw new ConfigurationError(`git could not resolve the range: ${message}`);
    }
    if (/does not have any commits/i.test(message)) return;
    throw new EnvironmentError(`git ${args[0]} failed (exit ${code}): ${message}`);
  }
}

/** The new path of `diff --git a/x b/y` when there is no `+++` line (mode-only, empty files). */
function pathFromDiffGit(line: string): string {
  const rest = line.slice('diff --git '.length);
  if (rest.startsWith('"')) {
    const parts = rest.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
    return stripPrefix(unquote(parts[1] ?? parts[0] ?? ''));
  }
  const half = rest.indexOf(' b/');
  return half >= 0 ? rest.slice(half + 3) : rest;
}

function stripPrefix(path: string): string {
  return path.startsWith('b/') || path.startsWith('a/') ? path.slice(2) : path;
}

/** Undoes git's C-style quoting of unusual paths. */
function unquote(path: string): string {
  const p = path.replace(/\t.*$/, '');
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  const bytes: number[] = [];
  const body = p.slice(1, -1);
  const simple: Record<string, number> = {
    n: 10,
    t: 9,
    r: 13,
    '"': 34,
    '\\': 92,
    a: 7,
    b: 8,
    f: 12,
    v: 11,
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[i + 1] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[n] ?? n.charCodeAt(0));
      i++;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
