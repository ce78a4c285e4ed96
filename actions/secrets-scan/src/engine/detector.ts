import { redactSecret } from '@devsecops/findings';
import type { ScanChunk, SecretMatch } from '../types.js';
import { findEncoded, MAX_ENCODED } from './decode.js';
import { shannonEntropy } from './entropy.js';
import { falsePositiveReason } from './filters.js';
import { buildKeywordAutomaton, type KeywordAutomaton } from './keyword-automaton.js';
import type { Pattern } from './pattern.js';
import type { Allowlist, Rule } from './rules.js';

/** Options of {@link createDetector}. */
export interface DetectorOptions {
  /** Global allowlists (gitleaks `[allowlist]` / `[[allowlists]]`). */
  allowlists?: Allowlist[];
  /** Extra lowercase words; a secret containing one is not reported. */
  stopwords?: string[];
  /** Extra patterns; a finding whose secret or line matches one is not reported. */
  allowRegexes?: Pattern[];
  /** How many times encoded content is decoded and scanned again (default 2). */
  maxDecodeDepth?: number;
  /** Lines longer than this (minified bundles) are scanned only around keyword hits. */
  longLineChars?: number;
}

/** Counters a detector keeps across the chunks it scans. */
export interface DetectorStats {
  /** Lines longer than `longLineChars`, scanned only around keyword hits. */
  longLines: number;
  /** Candidates dropped by the false-positive filters, by reason. */
  filtered: Record<string, number>;
  /** Candidates dropped by allowlists and inline allow markers. */
  allowed: number;
}

/** Scans text for secrets with a fixed set of rules. */
export interface Detector {
  readonly rules: readonly Rule[];
  readonly stats: DetectorStats;
  /** Every secret in `chunk` that no allowlist or false-positive filter drops. */
  scan(chunk: ScanChunk): SecretMatch[];
  /**
   * A cheap test of a file's content as UTF-8 bytes: false when `scan` could find nothing in it
   * (no rule keyword, plain or encoded, and no rule that runs without one), so that it need not
   * be decoded. True does not mean a finding.
   */
  mayMatch(path: string, bytes: Uint8Array): boolean;
  /**
   * The lines of a file's content (UTF-8 bytes, lines joined by "\n") that `scan` needs: each
   * line with a keyword, plain or encoded, and the lines below it that its window can reach.
   * Scanning only these lines (with their line numbers) finds what scanning all of them finds.
   * Returns 0-based line indices in order (none: nothing to find), or undefined when every
   * line is needed (a rule runs without keywords).
   */
  selectLines(path: string, bytes: Uint8Array): number[] | undefined;
}

/** Markers that allow a finding on their line (`gitleaks:allow` for gitleaks compatibility). */
const INLINE_ALLOW = /gitleaks:allow|devsecops:allow/;
// Limitation: on lines longer than `longLineChars` a rule sees 256 characters before a keyword
// and 768 after it; a match reaching further is cut (minified bundles rarely hold one).
const WINDOW_BEFORE = 256;
const WINDOW_AFTER = 768;
const MULTILINE_SPAN = 16 * 1024;
/** How many lines below an opening line (`{`, `[`, `(`, `\\`) its window takes in. */
const OPEN_LINE_LINES = 8;
/**
 * A configuration line (`key: value`, `KEY=value`, `"key": "value",`) whose value may be encoded:
 * worth running the decoders on. Code lines fail this early, which keeps decoding cheap.
 */
const CONFIG_VALUE =
  /^\s*["']?[\w.-]{1,80}["']?\s*[:=]\s*["']?[A-Za-z0-9+/_%-]{16,}={0,2}["']?[,;]?\s*$/;

interface KeywordTarget {
  rules: number[];
  /** An encoded form of a keyword: the window is decoded and scanned again. */
  encoded: boolean;
}

// Limitation: in code and documentation files an encoded secret is decoded only on a line that
// holds a rule keyword and looks like a `key: value` setting; elsewhere, any line holding the
// encoded form of a distinctive keyword is decoded. A value encoded twice needs the keyword line.
/**
 * Code, bundles, source maps and documentation: the encoded forms of keywords are not searched
 * there (a pass over every byte costs as much as the keyword pass itself, and credentials are
 * wrapped in base64 or hex in configuration, not in code).
 */
const CODE_FILE = /\.(?:[cm]?[jt]sx?|map|css|scss|less|html?|svg|md|markdown|rst)$/i;

interface Window {
  start: number;
  end: number;
  rules: number[];
  decode: boolean;
}

interface Candidate extends SecretMatch {
  start: number;
  end: number;
  generic: boolean;
  /** The rule's place in the rules file: on the same span, the earlier (more specific) rule wins. */
  order: number;
  /** A rule whose keyword is part of the secret knows its format (`ghp_`), not only its context. */
  format: boolean;
}

/** Builds a detector: one combined keyword prefilter, then rules only where their keywords are. */
export function createDetector(rules: readonly Rule[], options: DetectorOptions = {}): Detector {
  const maxDepth = options.maxDecodeDepth ?? 2;
  const longLine = options.longLineChars ?? 4096;
  const globalAllowlists = options.allowlists ?? [];
  const stopwords = (options.stopwords ?? []).map((w) => w.toLowerCase());
  const allowRegexes = options.allowRegexes ?? [];
  const stats: DetectorStats = { longLines: 0, filtered: {}, allowed: 0 };

  const targets = new Map<string, KeywordTarget>();
  const encodedTargets = new Map<string, KeywordTarget>();
  const everywhere: number[] = [];
  rules.forEach((rule, index) => {
    if (!rule.pattern) return;
    // The automaton knows ASCII only: a rule with another keyword runs everywhere instead.
    if (rule.keywords.length === 0 || rule.keywords.some((k) => !isAscii(k))) {
      everywhere.push(index);
      return;
    }
    for (const keyword of rule.keywords) {
      addTarget(targets, keyword, index, false);
      // Encoded forms of distinctive keywords find wrapped credentials with no clear-text hint.
      if (!rule.generic && keyword.length >= 4) {
        for (const form of encodedForms(keyword)) {
          addTarget(encodedTargets, form, index, true);
          if (/^[0-9a-f]+$/.test(form)) addTarget(encodedTargets, form.toUpperCase(), index, true);
        }
      }
    }
  });
  const keywordWords = [...targets.keys()];
  const keywordTargets = keywordWords.map((w) => targets.get(w)!);
  const multilineKeyword = Uint8Array.from(keywordTargets, (t) =>
    t.rules.some((i) => rules[i]!.multiline) ? 1 : 0,
  );
  const keywordAutomaton =
    keywordWords.length > 0 ? buildKeywordAutomaton(keywordWords, true) : undefined;
  // Base64 is case-sensitive, so the encoded forms get their own automaton.
  const encodedWords = [...encodedTargets.keys()];
  const encodedTargetList = encodedWords.map((w) => encodedTargets.get(w)!);
  // Built on first use: a scan of code alone never needs it.
  let encodedAutomaton: KeywordAutomaton | null | undefined =
    encodedWords.length > 0 ? undefined : null;
  const encodedMatcher = () => (encodedAutomaton ??= buildKeywordAutomaton(encodedWords, false));
  const stamp = new Int32Array(rules.length);
  let stampId = 0;

  const rank = new Map(rules.map((r, i) => [r, i]));
  const pathRules = rules.map((r, i) => (r.pattern ? -1 : i)).filter((i) => i >= 0);
  // Without path-scoped rules every rule applies to every chunk: one shared array, not one each.
  const pathScoped = rules.some((r) => r.path);
  const allActive: boolean[] = rules.map(() => true);

  function scan(chunk: ScanChunk): SecretMatch[] {
    // A global path allowlist skips the whole chunk before any work.
    for (const list of globalAllowlists) {
      if (!list.targetRules && isPathOnlyAllow(list) && list.paths.some((p) => p.test(chunk.path)))
        return [];
    }
    const active = pathScoped ? rules.map((r) => !r.path || r.path.test(chunk.path)) : allActive;
    const found: Candidate[] = [];
    const order = { n: rules.length, rank };

    for (const index of pathRules) {
      if (!active[index]) continue;
      const rule = rules[index]!;
      const c = makeCandidate(rule, chunk, chunk.path, 0, 0, chunk.path, chunk.path, order);
      if (!isAllowed(rule, chunk, c.secret, chunk.path, '')) found.push(c);
    }

    scanText(chunk, chunk.text, 0, active, found, order);
    return dedupe(found);
  }

  /**
   * Scans `text`; when `depth` > 0 it is decoded content and `origin` locates the encoded
   * value in the chunk, where findings are reported.
   */
  function scanText(
    chunk: ScanChunk,
    text: string,
    depth: number,
    active: boolean[],
    found: Candidate[],
    order: { n: number; rank: Map<Rule, number> },
    origin?: { start: number; end: number; encoding: 'base64' | 'hex' | 'percent' },
  ): void {
    const windows = findWindows(text, active, keywordAutomaton, keywordTargets, true);
    if (encodedAutomaton !== null && (depth > 0 || !CODE_FILE.test(chunk.path))) {
      windows.push(...findWindows(text, active, encodedMatcher(), encodedTargetList, false));
    }
    for (const w of windows) {
      const slice = text.slice(w.start, w.end);
      for (const index of w.rules) {
        const rule = rules[index]!;
        for (const m of rule.pattern!.matchAll(slice)) {
          const secret = secretOf(rule, m.groups);
          if (!secret) continue;
          const rel = m.groups[0]!.indexOf(secret);
          const start = w.start + m.index + Math.max(0, rel);
          // A value on the next line after an empty assignment is not that key's value.
          if (!rule.multiline && isEmptyAssignment(text, w.start + m.index, start)) continue;
          const line = lineAround(text, start);
          const candidate = checkCandidate(
            rule,
            chunk,
            text,
            start,
            secret,
            m.groups[0]!,
            line,
            depth,
            origin,
            order,
          );
          if (candidate) found.push(candidate);
        }
      }
      if (
        depth < maxDepth &&
        (w.decode || (slice.length <= longLine && CONFIG_VALUE.test(slice)))
      ) {
        for (const seg of findEncoded(slice)) {
          const segOrigin = origin ?? {
            start: w.start + seg.start,
            end: w.start + seg.end,
            encoding: seg.encoding,
          };
          scanText(chunk, seg.text, depth + 1, active, found, order, segOrigin);
        }
      }
    }
  }

  function findWindows(
    text: string,
    active: boolean[],
    automaton: KeywordAutomaton | undefined,
    lookup: KeywordTarget[],
    withEverywhere: boolean,
  ): Window[] {
    const windows: Window[] = [];
    if (withEverywhere && everywhere.length > 0) {
      const live = everywhere.filter((i) => active[i]);
      if (live.length > 0) windows.push({ start: 0, end: text.length, rules: live, decode: false });
    }
    if (!automaton) return windows;

    let lineStart = -1;
    let lineEnd = -1;
    let current: Window | undefined;
    let currentId = 0;
    automaton.scan(text, (at, keyword) => {
      const target = lookup[keyword]!;
      if (at >= lineEnd || at < lineStart) {
        lineStart = text.lastIndexOf('\n', at) + 1;
        lineEnd = text.indexOf('\n', at);
        if (lineEnd < 0) lineEnd = text.length;
        current = undefined;
        if (lineEnd - lineStart > longLine) stats.longLines++;
      }
      const long = lineEnd - lineStart > longLine;
      const start = long ? Math.max(lineStart, at - WINDOW_BEFORE) : lineStart;
      const end = long ? Math.min(lineEnd, at + WINDOW_AFTER) : lineEnd;
      if (!current || start > current.end) {
        current = { start, end: long ? end : extendOpenLine(text, end), rules: [], decode: false };
        currentId = ++stampId;
        windows.push(current);
      } else if (end > current.end) {
        current.end = end;
      }
      if (target.encoded) {
        current.decode = true;
        return;
      }
      for (const index of target.rules) {
        if (!active[index]) continue;
        const rule = rules[index]!;
        if (rule.multiline) {
          windows.push({
            start: lineStart,
            end: Math.min(text.length, at + MULTILINE_SPAN),
            rules: [index],
            decode: false,
          });
        } else if (stamp[index] !== currentId) {
          stamp[index] = currentId;
          current.rules.push(index);
        }
      }
    });
    return windows;
  }

  function checkCandidate(
    rule: Rule,
    chunk: ScanChunk,
    text: string,
    start: number,
    secret: string,
    match: string,
    line: string,
    depth: number,
    origin: { start: number; end: number; encoding: 'base64' | 'hex' | 'percent' } | undefined,
    order: { n: number; rank: Map<Rule, number> },
  ): Candidate | undefined {
    const entropy = shannonEntropy(secret);
    if (rule.entropy !== undefined && entropy < rule.entropy) return undefined;

    const at = start - (text.lastIndexOf('\n', start - 1) + 1);
    const reason = falsePositiveReason({ secret, match, line, at, generic: rule.generic });
    if (reason) {
      stats.filtered[reason] = (stats.filtered[reason] ?? 0) + 1;
      return undefined;
    }

    // Where to report: the encoded value in the chunk for decoded content, else the secret.
    const reportStart = origin ? origin.start : start;
    const reportLine = origin ? lineAround(chunk.text, origin.start) : line;
    if (INLINE_ALLOW.test(reportLine) || isAllowed(rule, chunk, secret, match, line)) {
      stats.allowed++;
      return undefined;
    }
    const reported = origin ? chunk.text.slice(origin.start, origin.end) : secret;
    const c = makeCandidate(
      rule,
      chunk,
      secret,
      reportStart,
      reported.length,
      reportLine,
      reported,
      order,
    );
    c.entropy = Math.round(entropy * 100) / 100;
    if (origin) c.encoding = origin.encoding;
    void depth;
    return c;
  }

  function isAllowed(
    rule: Rule,
    chunk: ScanChunk,
    secret: string,
    match: string,
    line: string,
  ): boolean {
    const lower = secret.toLowerCase();
    if (stopwords.some((w) => lower.includes(w))) return true;
    if (allowRegexes.some((p) => p.test(secret) || p.test(line))) return true;
    const ctx = { secret, lower, match, line, path: chunk.path, commit: chunk.commit?.sha };
    if (rule.allowlists.some((a) => allowlistMatches(a, ctx))) return true;
    return globalAllowlists.some(
      (a) => (!a.targetRules || a.targetRules.includes(rule.id)) && allowlistMatches(a, ctx),
    );
  }

  function mayMatch(path: string, bytes: Uint8Array): boolean {
    const applies = (index: number) => {
      const rule = rules[index]!;
      return !rule.path || rule.path.test(path);
    };
    if (everywhere.some(applies) || pathRules.some(applies)) return true;
    if (keywordAutomaton?.hits(bytes)) return true;
    return encodedAutomaton !== null && !CODE_FILE.test(path) && encodedMatcher().hits(bytes);
  }

  function selectLines(path: string, bytes: Uint8Array): number[] | undefined {
    const applies = (index: number) => {
      const rule = rules[index]!;
      return !rule.path || rule.path.test(path);
    };
    if (everywhere.some(applies) || pathRules.some(applies)) return undefined;
    // Most files hold no keyword at all: one pass that stops at the first hit settles them.
    const encoded = encodedAutomaton !== null && !CODE_FILE.test(path);
    if (!keywordAutomaton?.hits(bytes) && !(encoded && encodedMatcher().hits(bytes))) return [];
    let marks = new Uint8Array(0);
    let lastLine = -1;
    const keep = (from: number, through: number) => {
      if (through >= marks.length) {
        const grown = new Uint8Array(Math.max(through + 1, marks.length * 2));
        grown.set(marks);
        marks = grown;
      }
      marks.fill(1, from, through + 1);
    };
    keywordAutomaton?.scanLines(bytes, (line, end, keyword) => {
      const multiline = multilineKeyword[keyword] === 1;
      if (line === lastLine && !multiline) return;
      lastLine = line;
      let through = opensBlock(bytes, end) ? line + OPEN_LINE_LINES : line;
      // A multi-line rule reads MULTILINE_SPAN characters on: up to three bytes each.
      if (multiline)
        through = Math.max(through, lineAt(bytes, end, end + 3 * MULTILINE_SPAN, line));
      keep(line, through);
    });
    if (encoded) {
      let lastEncoded = -1;
      encodedMatcher().scanLines(bytes, (line, end) => {
        if (line === lastEncoded) return;
        lastEncoded = line;
        keep(line, opensBlock(bytes, end) ? line + OPEN_LINE_LINES : line);
      });
    }
    const lines: number[] = [];
    for (let i = 0; i < marks.length; i++) if (marks[i] === 1) lines.push(i);
    return lines;
  }

  return { rules, stats, scan, mayMatch, selectLines };
}

interface AllowContext {
  secret: string;
  lower: string;
  match: string;
  line: string;
  path: string;
  commit?: string;
}

/** Gitleaks semantics: OR drops on any criterion; AND needs every criterion that is given. */
export function allowlistMatches(list: Allowlist, ctx: AllowContext): boolean {
  const checks: boolean[] = [];
  if (list.commits.length > 0) {
    checks.push(
      ctx.commit !== undefined &&
        list.commits.some((c) => c === ctx.commit || (c.length >= 7 && ctx.commit!.startsWith(c))),
    );
  }
  if (list.paths.length > 0) checks.push(list.paths.some((p) => p.test(ctx.path)));
  if (list.regexes.length > 0) {
    const target =
      list.regexTarget === 'match'
        ? ctx.match
        : list.regexTarget === 'line'
          ? ctx.line
          : ctx.secret;
    checks.push(list.regexes.some((p) => p.test(target)));
  }
  if (list.stopwords.length > 0) checks.push(list.stopwords.some((w) => ctx.lower.includes(w)));
  if (checks.length === 0) return false;
  return list.condition === 'AND' ? checks.every(Boolean) : checks.some(Boolean);
}

function isPathOnlyAllow(list: Allowlist): boolean {
  return (
    list.paths.length > 0 &&
    (list.condition === 'OR' ||
      (list.commits.length === 0 && list.regexes.length === 0 && list.stopwords.length === 0))
  );
}

/** Whether the line holding byte `at` ends in an opener, which `extendOpenLine` extends. */
function opensBlock(bytes: Uint8Array, at: number): boolean {
  const nl = bytes.indexOf(0x0a, at);
  let last = (nl < 0 ? bytes.length : nl) - 1;
  while (last >= at && (bytes[last] === 0x20 || bytes[last] === 0x09 || bytes[last] === 0x0d)) {
    last--;
  }
  const c = last >= 0 ? bytes[last] : undefined;
  return c === 0x7b || c === 0x5b || c === 0x28 || c === 0x5c;
}

/** The line (counting from `line` at `from`) of the byte before `to`, or of the last byte. */
function lineAt(bytes: Uint8Array, from: number, to: number, line: number): number {
  const end = Math.min(to, bytes.length);
  let n = line;
  for (let i = bytes.indexOf(0x0a, from); i >= 0 && i < end - 1; i = bytes.indexOf(0x0a, i + 1))
    n++;
  return n;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function addTarget(
  targets: Map<string, KeywordTarget>,
  keyword: string,
  rule: number,
  encoded: boolean,
): void {
  const key = encoded ? keyword : keyword.toLowerCase();
  let t = targets.get(key);
  if (!t) {
    t = { rules: [], encoded };
    targets.set(key, t);
  }
  if (encoded) t.encoded = true;
  if (!t.rules.includes(rule)) t.rules.push(rule);
}

/**
 * The fragments a keyword leaves in base64 (at each of the three alignments) and in hex, in
 * lower and upper case: only the characters fully determined by the keyword's bytes.
 */
export function encodedForms(keyword: string): string[] {
  const forms = new Set<string>();
  for (const variant of new Set([keyword.toLowerCase(), keyword.toUpperCase()])) {
    const bytes = Buffer.from(variant, 'latin1');
    forms.add(bytes.toString('hex'));
    for (let pad = 0; pad < 3; pad++) {
      const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
      const first = Math.ceil((pad * 8) / 6);
      const last = Math.floor(((pad + bytes.length) * 8) / 6);
      const fragment = encoded.slice(first, last);
      if (fragment.length >= 4) forms.add(fragment);
    }
  }
  return [...forms];
}

/** Lines that open a structure (`"auths": {`) bring in the lines below, up to 8 or 1 kB. */
function extendOpenLine(text: string, lineEnd: number): number {
  let last = lineEnd - 1;
  while (last >= 0 && (text[last] === ' ' || text[last] === '\t' || text[last] === '\r')) last--;
  const c = text[last];
  if (c !== '{' && c !== '[' && c !== '(' && c !== '\\') return lineEnd;
  let end = lineEnd;
  for (let i = 0; i < OPEN_LINE_LINES && end < text.length && end - lineEnd < 1024; i++) {
    const next = text.indexOf('\n', end + 1);
    end = next < 0 ? text.length : next;
  }
  return end;
}

/** True when the match starts on a line that ends in an assignment with no value. */
function isEmptyAssignment(text: string, matchStart: number, secretStart: number): boolean {
  const nl = text.indexOf('\n', matchStart);
  if (nl < 0 || nl >= secretStart) return false;
  return /(?::=|=>|[:=])\s*["'`]?\s*$/.test(text.slice(matchStart, nl));
}

function secretOf(rule: Rule, groups: (string | undefined)[]): string | undefined {
  if (rule.secretGroup !== undefined && rule.secretGroup > 0) return groups[rule.secretGroup];
  if (groups.length === 2 && groups[1]) return groups[1];
  return groups[0];
}

function lineAround(text: string, at: number): string {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  let end = text.indexOf('\n', at);
  if (end < 0) end = text.length;
  const line = text.slice(start, end);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function makeCandidate(
  rule: Rule,
  chunk: ScanChunk,
  secret: string,
  start: number,
  length: number,
  line: string,
  shown: string,
  order: { n: number; rank: Map<Rule, number> },
): Candidate {
  const { line: lineNo, column } = position(chunk, start);
  const endPos = position(chunk, start + length);
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    path: chunk.path,
    line: lineNo,
    column,
    endLine: endPos.line,
    endColumn: endPos.column,
    secret,
    commit: chunk.commit,
    redactedLine: redactLine(line, shown, secret),
    start,
    end: start + length,
    generic: rule.generic,
    order: order.rank.get(rule) ?? order.n++,
    format: rule.keywords.some((k) => secret.toLowerCase().includes(k)),
  };
}

/** 1-based line and column of `offset` in the chunk, mapped through patch line numbers. */
const newlineIndex = new WeakMap<ScanChunk, number[]>();

function position(chunk: ScanChunk, offset: number): { line: number; column: number } {
  let newlines = newlineIndex.get(chunk);
  if (!newlines) {
    newlines = [];
    for (let i = chunk.text.indexOf('\n'); i >= 0; i = chunk.text.indexOf('\n', i + 1))
      newlines.push(i);
    newlineIndex.set(chunk, newlines);
  }
  // Binary search: the number of newlines before `offset` is the 0-based line.
  let lo = 0;
  let hi = newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (newlines[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  const line = lo + 1;
  const lineStart = lo === 0 ? 0 : newlines[lo - 1]! + 1;
  const mapped = chunk.lineNumbers
    ? (chunk.lineNumbers[line - 1] ?? line)
    : line + (chunk.firstLine ?? 1) - 1;
  return { line: mapped, column: offset - lineStart + 1 };
}

/** The line with the secret redacted, cut around it when the line is long. */
function redactLine(line: string, shown: string, secret: string): string {
  let out = line;
  for (const s of new Set([shown, secret])) if (s) out = out.split(s).join(redactSecret(s));
  if (out.length <= 240) return out.trim();
  const at = Math.max(0, out.indexOf('*****') - 100);
  return `…${out.slice(at, at + 200).trim()}…`;
}

/** The public part of a candidate. */
function toMatch(c: Candidate): SecretMatch {
  const m: SecretMatch = {
    ruleId: c.ruleId,
    title: c.title,
    severity: c.severity,
    path: c.path,
    line: c.line,
    column: c.column,
    endLine: c.endLine,
    endColumn: c.endColumn,
    secret: c.secret,
    redactedLine: c.redactedLine,
  };
  if (c.encoding) m.encoding = c.encoding;
  if (c.entropy !== undefined) m.entropy = c.entropy;
  if (c.commit) m.commit = c.commit;
  return m;
}

function dedupe(found: Candidate[]): SecretMatch[] {
  const specific = found.filter((c) => !c.generic);
  const seen = new Set<string>();
  const out: SecretMatch[] = [];
  const rank = (c: Candidate) => (c.generic ? 2 : c.format ? 0 : 1);
  for (const c of found.sort(
    (a, b) => a.start - b.start || a.end - b.end || rank(a) - rank(b) || a.order - b.order,
  )) {
    if (c.generic && specific.some((s) => s.start < c.end && c.start < s.end)) continue;
    const key = `${c.start}:${c.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(toMatch(c));
  }
  return out;
}

export { MAX_ENCODED };
