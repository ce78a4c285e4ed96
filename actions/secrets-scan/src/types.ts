import type { Severity } from '@devsecops/findings';

/** What the secrets stage scans. */
export type ScanTarget =
  /** Files under a directory; .gitignore honoured unless `noGitignore`. */
  | { kind: 'dir'; root: string; noGitignore?: boolean }
  /** Text from standard input (or any stream), reported under `name`. */
  | { kind: 'stdin'; name: string; text: string }
  /** The staged changes of the repository at `root` (added lines only). */
  | { kind: 'staged'; root: string }
  /**
   * Commits reachable from every `include` and from none of `exclude` (git rev-list semantics),
   * added lines of each commit's patch. `exclude` may be empty.
   */
  | { kind: 'range'; root: string; include: string[]; exclude: string[] }
  /** Every commit on every ref. */
  | { kind: 'history'; root: string };

/** A piece of text to scan, with where it came from. */
export interface ScanChunk {
  /** Repository-relative path, forward slashes. */
  path: string;
  text: string;
  /**
   * For patch chunks: the new-file line number of each line of `text` (index 0 is line 1 of
   * `text`). Absent for whole files, where line n of `text` is line n of the file.
   */
  lineNumbers?: number[];
  /**
   * For a piece of a large file scanned in parts: the file line number of line 1 of `text`
   * (default 1). Ignored when `lineNumbers` is given.
   */
  firstLine?: number;
  commit?: CommitInfo;
  /**
   * For patch chunks: where the chunk stands in the source's own order (`git log` order),
   * which sources read by several processes at once hand over out of.
   */
  order?: number;
}

/** The commit a history or range finding was added in. */
export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** ISO 8601. */
  date: string;
  message: string;
}

/** One secret the engine found, before baseline and allow filters are applied. */
export interface SecretMatch {
  ruleId: string;
  title: string;
  severity: Severity;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The raw secret: internal only, never logged, written or returned past the engine's callers. */
  secret: string;
  /** How the secret was hidden, when found inside decoded content. */
  encoding?: 'base64' | 'hex' | 'percent';
  entropy?: number;
  commit?: CommitInfo;
  /** The redacted line, for snippets. */
  redactedLine: string;
}
