import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { availableParallelism } from 'node:os';
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
/**
 * Patches as cheap as git makes them while keeping every added line: no context, no rename
 * detection (a renamed file shows whole, so its lines are still scanned), full blob names
 * (abbreviating them costs an object lookup each).
 */
const DIFF_FLAGS = [
  '-U0',
  '--no-color',
  '--no-ext-diff',
  '--no-renames',
  '--no-textconv',
  '--full-index',
];

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
  await repositoryPrefix(root);
}

/**
 * Where `root` sits in its repository (`api/` for a subdirectory, empty at the top), with a
 * ConfigurationError when it is not inside one.
 */
async function repositoryPrefix(root: string): Promise<string> {
  const r = await runGit(root, ['rev-parse', '--show-prefix']);
  if (r.code !== 0) {
    throw new ConfigurationError(
      `"${root}" is not a git repository; scan it as a directory instead, or run inside a clone.`,
    );
  }
  return r.stdout.trim();
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

/** Options of the git sources. */
export interface GitSourceOptions {
  /**
   * Picks, from a file's added lines as raw UTF-8 bytes joined by "\n", the 0-based indices of
   * the lines worth scanning (see `Detector.selectLines`): only those are decoded and yielded,
   * with their line numbers; none drops the file (it still counts in the stats); undefined
   * keeps every line.
   */
  selectLines?: (path: string, bytes: Uint8Array) => readonly number[] | undefined;
  /** At most this many git processes share a commit range (default: the cores, up to 8). */
  streams?: number;
  /** Each git process takes at least this many commits (default 256). */
  commitsPerStream?: number;
  /** Stops git: the source then fails with an abort error. */
  signal?: AbortSignal;
}

/** Below this many commits a second git process costs more than it saves. */
const COMMITS_PER_STREAM = 256;
/** Each git process holds its own object caches: past this many, memory grows for little. */
const MAX_STREAMS = 8;
/** Bytes of git output queued, across all processes, before git is held back. */
const QUEUE_HIGH = 32 * 1024 * 1024;
/** Chunk order: a commit's place times this, plus the file's place in the commit. */
const FILES_PER_COMMIT = 1 << 20;

/** Added lines of the staged changes (`git diff --cached`), one chunk per file. */
export async function* stagedChunks(
  root: string,
  stats: GitSourceStats,
  options: GitSourceOptions = {},
): AsyncGenerator<ScanChunk> {
  const prefix = await repositoryPrefix(root);
  const args = ['diff', '--cached', ...DIFF_FLAGS, '--', '.'];
  yield* patchChunks(root, [{ args }], stats, options, prefix);
}

/**
 * Added lines of each commit reachable from `include` and not from `exclude`, one chunk per
 * file per commit, in `git log` order (`order` says where each stands). Merge commits contribute
 * only what is new against every parent (`--cc`), since what they bring from a branch was
 * scanned in the branch's own commits. A long range is cut into runs of consecutive commits,
 * each patched by its own git process: producing patches is most of the work, and it spreads
 * over every core.
 */
export async function* logChunks(
  root: string,
  range: { include: string[]; exclude: string[] } | 'all',
  stats: GitSourceStats,
  options: GitSourceOptions = {},
): AsyncGenerator<ScanChunk> {
  const prefix = await repositoryPrefix(root);
  const revs =
    range === 'all'
      ? ['--all']
      : [...range.include, ...(range.exclude.length > 0 ? ['--not', ...range.exclude] : [])];
  if (range !== 'all') await assertRevisions(root, [...range.include, ...range.exclude]);
  const listed = await runGit(root, ['rev-list', ...revs, '--']);
  if (listed.code !== 0) throw gitFailure('rev-list', listed.code, listed.stderr);
  const commits = listed.stdout.split('\n').filter(Boolean);
  if (commits.length === 0) return;

  const streams = Math.max(
    1,
    Math.min(
      options.streams ?? Math.min(availableParallelism(), MAX_STREAMS),
      Math.floor(commits.length / (options.commitsPerStream ?? COMMITS_PER_STREAM)),
    ),
  );
  const place = new Map(commits.map((sha, i) => [sha, i]));
  // Limitation: deleted files are printed and parsed for nothing; `--diff-filter=d` would spare
  // that, but it also drops commits that only delete from the output, and from the count.
  const args = [
    'log',
    '--no-walk=unsorted',
    '--stdin',
    '-p',
    '--cc',
    ...DIFF_FLAGS,
    FORMAT,
    '--',
    '.',
  ];
  const runs = [];
  for (let k = 0; k < streams; k++) {
    const slice = commits.slice(
      Math.floor((k * commits.length) / streams),
      Math.floor(((k + 1) * commits.length) / streams),
    );
    runs.push({ args, input: slice.join('\n') + '\n' });
  }
  yield* patchChunks(root, runs, stats, options, prefix, (sha) => place.get(sha) ?? 0);
}

/** The file being parsed; its added lines accumulate in the parser's shared byte buffer. */
interface FileState {
  path: string;
  next: number;
  /** Combined diffs (merges) prefix each line with one column per parent. */
  columns: number;
  binary: boolean;
  deleted: boolean;
}

const PLUS = 0x2b;
const MINUS = 0x2d;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const AT = 0x40;
const RECORD = 0x1e;
const LOWER_D = 0x64;
const UPPER_B = 0x42;
const UPPER_G = 0x47;

// Limitation: one file's added lines in one commit are held in memory together; a commit that
// adds a file of hundreds of megabytes costs that much memory (directory scans read such files
// in parts).
/**
 * Parses a patch stream as bytes. Content lines (the bulk of it) are never decoded: removed
 * lines are skipped, added lines are copied into one reusable buffer, and a file's text is
 * decoded only where the line selection asks for them. Header lines are decoded one by one.
 */
class PatchParser {
  /** Added lines of the current file, joined by "\n". */
  private bytes = Buffer.allocUnsafe(1 << 20);
  private length = 0;
  private numbers = new Int32Array(1 << 14);
  /** Where each added line starts in `bytes`. */
  private starts = new Int32Array(1 << 14);
  private count = 0;
  private file: FileState | undefined;
  private inHunk = false;
  private commit: CommitInfo | undefined;
  /** Where the current commit stands in git's order, and the current file in the commit. */
  private commitPlace = 0;
  private filePlace = -1;
  readonly ready: ScanChunk[] = [];

  constructor(
    private readonly stats: GitSourceStats,
    private readonly selectLines: GitSourceOptions['selectLines'],
    private readonly commitOrder: (sha: string) => number,
    /** git names files from the top of the repository; only those below this are kept. */
    private readonly prefix: string,
  ) {}

  /** Parses the complete lines of `data` from `from`; returns where the unfinished line starts. */
  parse(data: Buffer, from: number): number {
    let pos = from;
    for (let nl = data.indexOf(NEWLINE, pos); nl >= 0; nl = data.indexOf(NEWLINE, pos)) {
      const file = this.file;
      const c = data[pos];
      if (this.inHunk && file && (c === PLUS || c === MINUS || c === SPACE)) {
        const cols = file.columns;
        if (cols === 1) {
          if (c === PLUS) this.add(data, pos + 1, nl, file.next++);
          else if (c === SPACE) file.next++;
        } else if (nl - pos >= cols) {
          // A line removed against some parent is not in the new file; only lines new against
          // every parent (`++`) are the merge's own.
          let removed = false;
          let context = false;
          for (let k = pos; k < pos + cols; k++) {
            if (data[k] === MINUS) removed = true;
            else if (data[k] === SPACE) context = true;
          }
          if (!removed) {
            if (!context) this.add(data, pos + cols, nl, file.next);
            file.next++;
          }
        }
      } else if (c === AT) {
        if (file) this.hunk(file, data, pos, nl);
      } else if (
        c === RECORD ||
        c === LOWER_D ||
        (!this.inHunk && (c === PLUS || c === UPPER_B || c === UPPER_G))
      ) {
        // Only these header lines matter; `index`, `---`, mode lines are never decoded.
        this.header(data.toString('utf8', pos, nl));
      }
      pos = nl + 1;
    }
    return pos;
  }

  /** Parses the last line (no newline) and hands over the last file. */
  end(tail: Buffer): void {
    if (tail.length > 0) this.parse(Buffer.concat([tail, Buffer.from('\n')]), 0);
    this.flush();
  }

  private add(data: Buffer, start: number, end: number, lineNumber: number): void {
    const need = this.length + (end - start) + 1;
    if (need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    if (this.count > 0) this.bytes[this.length++] = NEWLINE;
    if (this.count === this.numbers.length) {
      this.numbers = grow(this.numbers);
      this.starts = grow(this.starts);
    }
    this.starts[this.count] = this.length;
    this.numbers[this.count++] = lineNumber;
    this.length += data.copy(this.bytes, this.length, start, end);
  }

  private flush(): void {
    const f = this.file;
    const length = this.length;
    const count = this.count;
    this.file = undefined;
    this.inHunk = false;
    this.length = 0;
    this.count = 0;
    if (!f || f.deleted) return;
    // The pathspec leaves out most other files, but not every combined diff of a merge.
    if (this.prefix) {
      if (!f.path.startsWith(this.prefix)) return;
      f.path = f.path.slice(this.prefix.length);
    }
    // A huge file grew the buffer: let it go after this file rather than hold it to the end.
    const bytes = this.bytes.subarray(0, length);
    if (this.bytes.length > 64 << 20) this.bytes = Buffer.allocUnsafe(1 << 20);
    if (f.binary) {
      this.stats.binary++;
      return;
    }
    if (count === 0) return;
    this.stats.files++;
    this.stats.bytes += length;
    const picked = this.selectLines?.(f.path, bytes);
    if (picked && picked.length === 0) return;
    if (!picked || picked.length >= count) {
      this.ready.push({
        path: f.path,
        text: bytes.toString('utf8'),
        lineNumbers: Array.from(this.numbers.subarray(0, count)),
        commit: this.commit,
        order: this.order(),
      });
      return;
    }
    // Only the picked lines, joined as if adjacent; their numbers keep them in place.
    const end = (k: number) => (k + 1 < count ? this.starts[k + 1]! - 1 : length);
    let size = picked.length - 1;
    for (const k of picked) if (k < count) size += end(k) - this.starts[k]!;
    const text = Buffer.allocUnsafe(Math.max(0, size));
    const lineNumbers: number[] = [];
    let at = 0;
    for (const k of picked) {
      if (k >= count) break;
      if (lineNumbers.length > 0) text[at++] = NEWLINE;
      at += bytes.copy(text, at, this.starts[k]!, end(k));
      lineNumbers.push(this.numbers[k]!);
    }
    this.ready.push({
      path: f.path,
      text: text.toString('utf8', 0, at),
      lineNumbers,
      commit: this.commit,
      order: this.order(),
    });
  }

  private order(): number {
    return this.commitPlace * FILES_PER_COMMIT + Math.min(this.filePlace, FILES_PER_COMMIT - 1);
  }

  /**
   * `@@ -a,b +c,d @@` (or `@@@ -a -b +c @@@` for a merge): the new file's first line number and,
   * from the number of `@`, how many columns of markers prefix each line.
   */
  private hunk(file: FileState, data: Buffer, start: number, end: number): void {
    this.inHunk = true;
    let i = start;
    while (i < end && data[i] === AT) i++;
    file.columns = Math.max(1, i - start - 1);
    while (i + 1 < end && !(data[i] === SPACE && data[i + 1] === PLUS)) i++;
    let line = 0;
    let digits = 0;
    for (i += 2; i < end && data[i]! >= 0x30 && data[i]! <= 0x39; i++, digits++) {
      line = line * 10 + data[i]! - 0x30;
    }
    file.next = digits > 0 ? line : 1;
  }

  private header(line: string): void {
    if (line.startsWith(SENTINEL)) {
      this.flush();
      const [, sha = '', author = '', email = '', date = '', message = ''] = line.split('\u001f');
      this.commit = { sha, author, email, date, message };
      this.commitPlace = this.commitOrder(sha);
      this.filePlace = -1;
      this.stats.commits++;
      return;
    }
    if (
      line.startsWith('diff --git ') ||
      line.startsWith('diff --cc ') ||
      line.startsWith('diff --combined ')
    ) {
      this.flush();
      this.filePlace++;
      const combined = !line.startsWith('diff --git ');
      this.file = {
        path: combined ? unquote(line.slice(line.indexOf(' ', 5) + 1)) : pathFromDiffGit(line),
        next: 1,
        columns: combined ? 2 : 1,
        binary: false,
        deleted: false,
      };
      return;
    }
    const file = this.file;
    if (!file || this.inHunk) return;
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
}

/** One git process whose patch output is queued as it comes and parsed on demand. */
class PatchStream {
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  /** The parts of an unfinished line, joined once its end arrives (one copy, not one per read). */
  private pending: Buffer[] = [];
  private readonly stderr: Buffer[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number>;
  failure: Error | undefined;
  done = false;

  constructor(
    root: string,
    readonly args: string[],
    input: string | undefined,
    readonly parser: PatchParser,
    high: number,
    wake: () => void,
    signal: AbortSignal | undefined,
  ) {
    this.child = spawn('git', ['-c', 'core.quotePath=false', ...args], {
      cwd: root,
      signal,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Fully buffered output: git would flush each commit to a pipe, and every small write
      // costs a wake-up and a read here.
      env: { ...process.env, GIT_FLUSH: '0' },
    });
    const child = this.child;
    // A failed git fails the source at once: the other processes are stopped rather than
    // read to their end first.
    this.exited = new Promise<number>((res) =>
      child.on('close', (code) => {
        const exit = code ?? 1;
        this.failure ??= this.failureOf(exit);
        if (this.failure) wake();
        res(exit);
      }),
    );
    child.on('error', (error) => {
      this.failure = spawnError(error);
      wake();
    });
    // git exits early on a failure and closes its end: its exit code says why, not this.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
    child.stderr.on('data', (b: Buffer) => {
      if (this.stderr.length < 64) this.stderr.push(b);
    });
    // Read eagerly into a bounded queue: git goes on producing patches while a batch is
    // scanned, instead of blocking on a full pipe; above `high` bytes it is held back.
    child.stdout.on('data', (b: Buffer) => {
      this.queue.push(b);
      this.queued += b.length;
      if (this.queued > high) child.stdout.pause();
      wake();
    });
    const end = () => {
      this.ended = true;
      wake();
    };
    child.stdout.on('end', end);
    child.stdout.on('error', end);
  }

  /** Whether `advance` has anything to do now. */
  get ready(): boolean {
    return !this.done && (this.queue.length > 0 || this.ended);
  }

  /** Parses what is queued, or the last line once git is done; files go to `parser.ready`. */
  advance(): void {
    if (this.queue.length === 0) {
      if (!this.ended) return;
      this.parser.end(Buffer.concat(this.pending));
      this.done = true;
      return;
    }
    const batch = this.queue.splice(0);
    this.queued = 0;
    if (this.child.stdout.isPaused()) this.child.stdout.resume();
    for (const part of batch) {
      let from = 0;
      if (this.pending.length > 0) {
        const nl = part.indexOf(NEWLINE);
        if (nl < 0) {
          this.pending.push(part);
          continue;
        }
        // Only the line that spans reads is copied together.
        this.parser.parse(Buffer.concat([...this.pending, part.subarray(0, nl + 1)]), 0);
        this.pending = [];
        from = nl + 1;
      }
      const rest = this.parser.parse(part, from);
      if (rest < part.length) this.pending.push(part.subarray(rest));
    }
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }

  /** Throws what git's exit code and first error line say, once it has exited. */
  async check(): Promise<void> {
    await this.exited;
    if (this.failure) throw this.failure;
  }

  private failureOf(code: number): Error | undefined {
    if (code === 0) return undefined;
    const message = Buffer.concat(this.stderr).toString('utf8');
    if (/does not have any commits/i.test(message)) return undefined;
    return gitFailure(this.args[0] ?? 'git', code, message);
  }
}

/**
 * Runs one git process per entry of `runs` and parses their patches incrementally as they
 * come, never holding a whole output. Chunks are handed over as each file completes, so their
 * order across processes varies; `order` (from `commitOrder`) restores git's own.
 */
async function* patchChunks(
  root: string,
  runs: { args: string[]; input?: string }[],
  stats: GitSourceStats,
  options: GitSourceOptions,
  prefix: string,
  commitOrder: (sha: string) => number = () => 0,
): AsyncGenerator<ScanChunk> {
  let waiting: (() => void) | undefined;
  const wake = () => {
    const resolveWait = waiting;
    waiting = undefined;
    resolveWait?.();
  };
  const streams = runs.map(
    (run) =>
      new PatchStream(
        root,
        run.args,
        run.input,
        new PatchParser(stats, options.selectLines, commitOrder, prefix),
        QUEUE_HIGH / runs.length,
        wake,
        options.signal,
      ),
  );
  try {
    while (streams.some((s) => !s.done)) {
      // A process that failed, even one whose output was all read, ends the source now.
      const failed = streams.find((s) => s.failure);
      if (failed) throw failed.failure;
      const live = streams.filter((s) => s.ready);
      // Nothing queued anywhere: wait for the next read. Reads arrive between ticks only, so
      // none slips in between this test and the wait.
      if (live.length === 0) await new Promise<void>((resolveWait) => (waiting = resolveWait));
      for (const stream of live) {
        stream.advance();
        // Hand over what is complete; the consumer's pace holds git back through the pipe.
        while (stream.parser.ready.length > 0) yield stream.parser.ready.shift()!;
      }
    }
  } finally {
    for (const stream of streams) stream.kill();
  }
  for (const stream of streams) await stream.check();
}

/** The error for a git command that exited with `code`, from the first line it printed. */
function gitFailure(command: string, code: number, stderr: string): Error {
  const message = stderr.trim().split('\n')[0] ?? '';
  if (/unknown revision|bad revision|ambiguous argument|bad object/i.test(message)) {
    return new ConfigurationError(`git could not resolve the range: ${message}`);
  }
  if (/unable to read [0-9a-f]{7,}|missing (blob|tree|commit)/i.test(message)) {
    return new EnvironmentError(
      `git cannot read every object of the repository (${message.replace(/^fatal: /, '')}): the clone is incomplete or damaged; git fsck lists what is missing.`,
    );
  }
  return new EnvironmentError(`git ${command} failed (exit ${code}): ${message}`);
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
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
