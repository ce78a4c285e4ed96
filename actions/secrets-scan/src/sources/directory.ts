import { createReadStream, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import ignore, { type Ignore } from 'ignore';
import { ConfigurationError } from '@devsecops/action-kit';
import type { ScanChunk } from '../types.js';

/** Counters of a directory walk. */
export interface DirectoryStats {
  files: number;
  bytes: number;
  /** Files skipped because they contain a NUL byte near the start. */
  binary: number;
  /** Files larger than `largeFileBytes`, scanned in parts. */
  large: number;
  /** Files skipped by the policy's ignore globs. */
  ignored: number;
  /** Files and folders that could not be read (permissions, races): the scan did not see them. */
  unreadable?: string[];
}

/** Options of {@link directoryChunks}. */
export interface DirectoryOptions {
  noGitignore?: boolean;
  /** Returns true for repository-relative paths to leave out (policy globs). */
  exclude?: (path: string) => boolean;
  /** Files above this size are read in parts of `partBytes` (default 8 MB). */
  largeFileBytes?: number;
  partBytes?: number;
  /** Told how many files will be read, once the walk is done. */
  onTotal?: (files: number) => void;
}

/** Bytes sniffed for a NUL to tell binary files apart, as git does. */
const SNIFF_BYTES = 8000;
/** Text carried from one part of a large file into the next, so matches across the cut are found. */
const PART_OVERLAP = 32 * 1024;

/**
 * Yields the text files under `root` as chunks, honouring `.gitignore` files at every level
 * (and `.git/info/exclude`) unless `noGitignore`. Never enters `.git`; does not follow symlinks.
 */
export async function* directoryChunks(
  root: string,
  stats: DirectoryStats,
  options: DirectoryOptions = {},
): AsyncGenerator<ScanChunk> {
  // The folder given may be a link to one; links met inside it are not followed.
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory())
    throw new ConfigurationError(`"${root}" is not a directory; check the path to scan.`);
  const largeBytes = options.largeFileBytes ?? 8 * 1024 * 1024;
  const partBytes = options.partBytes ?? 8 * 1024 * 1024;

  const files: { abs: string; rel: string; size: number }[] = [];
  await collect(root, root, [], options, files, stats);
  options.onTotal?.(files.length);

  for (const file of files) {
    if (file.size > largeBytes) {
      stats.large++;
      yield* largeFileChunks(file.abs, file.rel, partBytes, stats);
      continue;
    }
    // Synchronous reads: with a warm cache, the thread-pool round trips of fs/promises cost
    // more than the reads themselves, and the scan has nothing else to do meanwhile.
    let buffer: Buffer;
    try {
      buffer = readFileSync(file.abs);
    } catch {
      (stats.unreadable ??= []).push(file.rel);
      continue;
    }
    const utf16 = utf16Text(buffer);
    if (utf16 === undefined && isBinary(buffer)) {
      stats.binary++;
      continue;
    }
    stats.files++;
    stats.bytes += buffer.length;
    yield { path: file.rel, text: utf16 ?? buffer.toString('utf8') };
  }
}

/**
 * Decodes text that starts with a UTF-16 byte order mark (Windows tools write such files, and
 * their NUL bytes would otherwise class them as binary); undefined for anything else.
 */
export function utf16Text(buffer: Buffer): string | undefined {
  if (buffer.length < 4) return undefined;
  const little = buffer[0] === 0xff && buffer[1] === 0xfe;
  const big = buffer[0] === 0xfe && buffer[1] === 0xff;
  if (!little && !big) return undefined;
  // A byte order mark alone proves little: mostly-ASCII UTF-16 has a NUL in most high bytes.
  const sample = buffer.subarray(2, 2 + 1024);
  let units = 0;
  let zeros = 0;
  for (let i = little ? 1 : 0; i < sample.length; i += 2) {
    units++;
    if (sample[i] === 0) zeros++;
  }
  if (zeros * 3 < units) return undefined;
  const body = Buffer.from(buffer.subarray(2, buffer.length - (buffer.length % 2)));
  return (big ? body.swap16() : body).toString('utf16le');
}

/** True when the first bytes hold a NUL, the sign git uses for binary content. */
export function isBinary(buffer: Buffer): boolean {
  return buffer.subarray(0, SNIFF_BYTES).includes(0);
}

async function collect(
  root: string,
  dir: string,
  rules: { base: string; ig: Ignore }[],
  options: DirectoryOptions,
  out: { abs: string; rel: string; size: number }[],
  stats: DirectoryStats,
): Promise<void> {
  let entries;
  const relDir = toPosix(relative(root, dir));
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    (stats.unreadable ??= []).push(`${relDir}/`);
    return;
  }
  let scoped = rules;
  if (!options.noGitignore) {
    const extra: string[] = [];
    if (relDir === '') {
      extra.push(await readFile(join(root, '.git', 'info', 'exclude'), 'utf8').catch(() => ''));
    }
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      extra.push(await readFile(join(dir, '.gitignore'), 'utf8').catch(() => ''));
    }
    const text = extra.join('\n');
    if (text.trim()) scoped = [...rules, { base: relDir, ig: ignore().add(text) }];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  for (const entry of entries) {
    if (entry.name === '.git') continue;
    const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
    const isDir = entry.isDirectory();
    if (!isDir && !entry.isFile()) continue;
    if (isIgnored(scoped, rel, isDir)) continue;
    if (options.exclude?.(rel)) {
      stats.ignored++;
      continue;
    }
    const abs = join(dir, entry.name);
    if (isDir) {
      await collect(root, abs, scoped, options, out, stats);
    } else {
      let size = 0;
      try {
        size = lstatSync(abs).size;
      } catch {
        (stats.unreadable ??= []).push(rel);
        continue;
      }
      out.push({ abs, rel, size });
    }
  }
}

/** Git's precedence: the deepest .gitignore that says anything about a path decides. */
function isIgnored(rules: { base: string; ig: Ignore }[], rel: string, isDir: boolean): boolean {
  for (let i = rules.length - 1; i >= 0; i--) {
    const { base, ig } = rules[i]!;
    const sub =
      base === '' ? rel : rel.startsWith(base + '/') ? rel.slice(base.length + 1) : undefined;
    if (sub === undefined) continue;
    const verdict = ig.test(isDir ? `${sub}/` : sub);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

/**
 * Reads a large file part by part in bounded memory. Each part ends at a line break and starts
 * with the last lines of the previous part, so a secret cut by a part boundary is still whole
 * in one of them; callers drop the duplicates this produces.
 */
async function* largeFileChunks(
  abs: string,
  rel: string,
  partBytes: number,
  stats: DirectoryStats,
): AsyncGenerator<ScanChunk> {
  const stream = createReadStream(abs, { highWaterMark: partBytes });
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let carryLine = 1;
  let first = true;
  for await (const data of stream as AsyncIterable<Buffer>) {
    if (first) {
      first = false;
      if (isBinary(data)) {
        stats.binary++;
        stream.destroy();
        return;
      }
      stats.files++;
    }
    stats.bytes += data.length;
    const text = carry + decoder.write(data);
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      carry = text;
      continue;
    }
    const body = text.slice(0, cut);
    yield { path: rel, text: body, firstLine: carryLine };
    // Keep the tail of this part as the head of the next one, starting at a line break.
    let keepFrom = Math.max(0, cut - PART_OVERLAP);
    const nl = text.indexOf('\n', keepFrom);
    keepFrom = keepFrom === 0 ? 0 : nl + 1;
    carryLine += countLines(text, 0, keepFrom);
    carry = text.slice(keepFrom);
  }
  const tail = carry + decoder.end();
  if (tail.length > 0) yield { path: rel, text: tail, firstLine: carryLine };
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
