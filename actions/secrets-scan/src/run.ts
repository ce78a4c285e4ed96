import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import {
  fingerprintOf,
  meetsThreshold,
  redactSecret,
  type Finding,
  type Severity,
  type StageResult,
} from '@devsecops/findings';
import {
  ConfigurationError,
  DEFAULT_POLICY_PATH,
  formatBytes,
  formatDuration,
  loadPolicy,
  parsePolicySection,
  plural,
  today,
  type Logger,
} from '@devsecops/action-kit';
import { createBaseline, readBaseline, writeBaselineFile, type BaselineIndex } from './baseline.js';
import { applyExceptions, describeException } from './exceptions.js';
import { loadBuiltinRules, loadGitleaksConfig, type RuleSet } from './engine/config.js';
import { createDetector, type Detector } from './engine/detector.js';
import { compileRe2, PatternSyntaxError } from './engine/pattern.js';
import { isIgnored, readGitleaksIgnore } from './ignore-file.js';
import { createSecretDigester, digestSecret, digestSecrets } from './secret-digest.js';
import { SecretsPolicySchema, type SecretsPolicy } from './policy.js';
import { directoryChunks, type DirectoryStats } from './sources/directory.js';
import { logChunks, stagedChunks, type GitSourceStats } from './sources/git.js';
import type { ScanChunk, ScanTarget, SecretMatch } from './types.js';

/** The tool name in SARIF and reports. */
export const TOOL_NAME = 'devsecops-secrets';
/** The engine's version, reported in SARIF. */
export const TOOL_VERSION = '0.1.0';
/** Added lines of a commit's file above this many bytes are scanned only near keywords. */
const SPARSE_FROM = 1 << 20;
/** The baseline read when neither an input nor the policy names one. */
export const DEFAULT_BASELINE = '.secrets-baseline.json';

/** What the secrets stage needs; the action and the CLI both build this. */
export interface SecretsScanInputs {
  target: ScanTarget;
  /** Repository root; finding paths are relative to it. */
  cwd: string;
  /** Policy file (`.github/devsecops.yml` by default); section `secrets`. */
  configPath?: string;
  /** Explicit gitleaks TOML; else the policy's `gitleaks-config`, else `.gitleaks.toml` at cwd. */
  gitleaksConfigPath?: string;
  /** Else the policy's `baseline`, else `.secrets-baseline.json` when present. */
  baselinePath?: string;
  /** Default: the policy's `fail-on`, else `low`. */
  failOn?: Severity;
  /** Progress for the CLI: files or commits done, and the total when known. */
  onProgress?: (done: number, total?: number) => void;
  /** Another file in place of the built-in rules (configs/secrets/rules.toml). */
  rulesPath?: string;
  /** Today (YYYY-MM-DD, UTC), against which exceptions expire. */
  date?: string;
}

interface Prepared {
  policy: SecretsPolicy;
  /** The policy file as reported (relative to cwd), where expired exceptions point. */
  policyFile: string;
  detector: Detector;
  ruleSet: RuleSet;
  ruleSource: string;
  exclude?: (path: string) => boolean;
}

/** Loads the policy, the rules (built-in or gitleaks) and builds the detector. */
async function prepare(inputs: SecretsScanInputs): Promise<Prepared> {
  const doc = await loadPolicy(inputs.configPath, inputs.cwd);
  const policy = parsePolicySection(doc, 'secrets', SecretsPolicySchema);

  const gitleaksPath =
    inputs.gitleaksConfigPath ??
    policy['gitleaks-config'] ??
    (existsSync(resolve(inputs.cwd, '.gitleaks.toml')) ? '.gitleaks.toml' : undefined);
  let ruleSet: RuleSet;
  let ruleSource: string;
  if (gitleaksPath) {
    let extendsBuiltin = false;
    ruleSet = await loadGitleaksConfig(gitleaksPath, inputs.cwd, () => {
      extendsBuiltin = true;
      return loadBuiltinRules(inputs.rulesPath);
    });
    const shown = relative(inputs.cwd, resolve(inputs.cwd, gitleaksPath));
    // As in gitleaks, a config without [extend] useDefault replaces the default rules; that
    // is easy to miss when migrating, so the first note says it.
    ruleSource = extendsBuiltin
      ? `gitleaks config ${shown} with the built-in rules`
      : `gitleaks config ${shown} only; the built-in rules do not run because it does not set [extend] useDefault = true`;
  } else {
    const builtin = loadBuiltinRules(inputs.rulesPath);
    ruleSet = { rules: builtin.rules, allowlists: builtin.allowlists, files: [] };
    ruleSource = 'built-in rules';
  }
  const disabled = new Set(policy['disabled-rules'] ?? []);
  const rules = ruleSet.rules.filter((r) => !disabled.has(r.id));

  const allowRegexes = (policy['allow-regexes'] ?? []).map((source, i) => {
    try {
      return compileRe2(source);
    } catch (error) {
      if (error instanceof PatternSyntaxError) {
        throw new ConfigurationError(
          `secrets.allow-regexes[${i}] is not a valid RE2 regular expression (${error.message.split('\n')[0]}).`,
        );
      }
      throw error;
    }
  });
  const detector = createDetector(rules, {
    allowlists: ruleSet.allowlists,
    stopwords: policy.stopwords,
    allowRegexes,
  });
  const globs = policy['ignore-paths'] ?? [];
  const exclude = globs.length > 0 ? picomatch(globs, { dot: true }) : undefined;
  const policyFile = doc.files[0]
    ? toPosix(relative(inputs.cwd, doc.files[0]))
    : (inputs.configPath ?? DEFAULT_POLICY_PATH);
  return { policy, policyFile, detector, ruleSet: { ...ruleSet, rules }, ruleSource, exclude };
}

interface ScanOutcome {
  matches: SecretMatch[];
  stats: Record<string, number>;
  notes: string[];
}

/** A match's place in its source: its chunk's `order`, then its index among the chunk's. */
type Place = [number, number];

function comparePlaces(a: Place, b: Place): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** Where the chunks come from, and the counters the source keeps. */
interface Source {
  chunks: AsyncIterable<ScanChunk>;
  dirStats: DirectoryStats;
  gitStats: GitSourceStats;
  total?: number;
}

/**
 * Starts a git target's source before the rules are compiled, so that git is producing
 * patches meanwhile; the detector's line selection applies from the moment it exists. Other
 * targets wait for the policy (it filters what a directory walk reads). `signal` stops git.
 */
function startGitSource(
  inputs: SecretsScanInputs,
  detector: { current?: Detector },
  signal: AbortSignal,
): (Source & { first: Promise<unknown> }) | undefined {
  const { target } = inputs;
  if (target.kind !== 'staged' && target.kind !== 'range' && target.kind !== 'history') {
    return undefined;
  }
  const gitStats: GitSourceStats = { commits: 0, files: 0, bytes: 0, binary: 0 };
  // A file's added lines with no keyword are never decoded. Below 1 MiB a file with one is
  // scanned whole: picking its lines costs one more keyword pass than it saves. Above, only the
  // lines near keywords are decoded, which keeps a huge generated file from being copied again.
  const options = {
    signal,
    selectLines: (path: string, bytes: Uint8Array) => {
      const d = detector.current;
      if (!d) return undefined;
      if (bytes.length > SPARSE_FROM) return d.selectLines(path, bytes);
      return d.mayMatch(path, bytes) ? undefined : [];
    },
  };
  const root = resolve(inputs.cwd, target.root);
  const iterable =
    target.kind === 'staged'
      ? stagedChunks(root, gitStats, options)
      : logChunks(
          root,
          target.kind === 'history' ? 'all' : { include: target.include, exclude: target.exclude },
          gitStats,
          options,
        );
  const iterator = iterable[Symbol.asyncIterator]();
  // Runs the source up to its first chunk now; what it throws surfaces when it is iterated.
  const first = iterator.next();
  first.catch(() => undefined);
  let taken = false;
  const chunks: AsyncIterable<ScanChunk> = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        if (taken) return iterator.next();
        taken = true;
        return first;
      },
      return: (value?: unknown) => iterator.return(value),
    }),
  };
  return { chunks, gitStats, dirStats: emptyDirStats(), first };
}

function emptyDirStats(): DirectoryStats {
  return { files: 0, bytes: 0, binary: 0, large: 0, ignored: 0 };
}

/** The source of any target, opened once the rules are ready. */
function openSource(inputs: SecretsScanInputs, prep: Prepared, prefix: string): Source {
  const { target } = inputs;
  if (target.kind !== 'dir' && target.kind !== 'stdin') {
    return startGitSource(inputs, { current: prep.detector }, new AbortController().signal)!;
  }
  const dirStats = emptyDirStats();
  const gitStats: GitSourceStats = { commits: 0, files: 0, bytes: 0, binary: 0 };
  if (target.kind === 'stdin') {
    const chunks = (async function* () {
      dirStats.files = 1;
      dirStats.bytes = Buffer.byteLength(target.text);
      yield { path: target.name, text: target.text };
    })();
    return { chunks, dirStats, gitStats };
  }
  const source: Source = {
    dirStats,
    gitStats,
    chunks: directoryChunks(resolve(inputs.cwd, target.root), dirStats, {
      noGitignore: target.noGitignore,
      exclude: prep.exclude ? (p) => prep.exclude!(prefix ? `${prefix}/${p}` : p) : undefined,
      onTotal: (n) => {
        source.total = n;
      },
    }),
  };
  return source;
}

/**
 * Runs the target's source through the detector; deduplicates the same secret at one place.
 * Matches come out in the source's order, whatever order its chunks arrived in.
 */
async function scanTarget(
  inputs: SecretsScanInputs,
  prep: Prepared,
  started?: Source,
  onMatch?: (m: SecretMatch) => void,
): Promise<ScanOutcome> {
  const { target } = inputs;
  const notes: string[] = [];
  const byPlace = new Map<string, { match: SecretMatch; first: Place; at: Place }>();

  // Paths are reported relative to cwd even when the scanned directory (or the part of a
  // repository whose commits are read) is below it.
  const prefix =
    target.kind === 'stdin' ? '' : toPosix(relative(inputs.cwd, resolve(inputs.cwd, target.root)));
  const source = started ?? openSource(inputs, prep, prefix);
  const { chunks, dirStats, gitStats } = source;

  let done = 0;
  let sequence = 0;
  for await (const chunk of chunks) {
    const order = chunk.order ?? sequence++;
    const path =
      prefix && prefix !== '.' && !prefix.startsWith('..') ? `${prefix}/${chunk.path}` : chunk.path;
    if (target.kind !== 'dir' && prep.exclude?.(path)) continue;
    const scanned = path === chunk.path ? chunk : { ...chunk, path };
    let index = 0;
    for (const m of prep.detector.scan(scanned)) {
      onMatch?.(m);
      // Where the match stands in the source's order: its chunk's place, then its own in it.
      const at: Place = [order, index++];
      const key = `${m.ruleId}\0${m.path}\0${m.line}\0${m.column}\0${m.secret}`;
      const prior = byPlace.get(key);
      if (!prior) {
        byPlace.set(key, { match: m, first: at, at });
        continue;
      }
      if (comparePlaces(at, prior.first) < 0) prior.first = at;
      // The same secret at the same place in several commits: keep the oldest, which added it
      // (of commits made at the same instant, the one git lists first).
      const a = m.commit ? Date.parse(m.commit.date) : NaN;
      const b = prior.match.commit ? Date.parse(prior.match.commit.date) : NaN;
      if (a < b || (a === b && comparePlaces(at, prior.at) < 0)) {
        prior.match = m;
        prior.at = at;
      }
    }
    if (inputs.onProgress) {
      // Git sources count commits as they parse them, including those with nothing to scan.
      if (chunk.commit) {
        if (gitStats.commits !== done) inputs.onProgress((done = gitStats.commits));
      } else {
        inputs.onProgress(++done, source.total);
      }
    }
  }

  const gitMode = target.kind === 'staged' || target.kind === 'range' || target.kind === 'history';
  const stats: Record<string, number> = gitMode
    ? {
        files: gitStats.files,
        bytes: gitStats.bytes,
        commits: gitStats.commits,
        binary: gitStats.binary,
      }
    : {
        files: dirStats.files,
        bytes: dirStats.bytes,
        binary: dirStats.binary,
        large: dirStats.large,
        ignored: dirStats.ignored,
      };
  if (stats['binary']) notes.push(`Skipped ${plural(stats['binary'], 'binary file')}.`);
  if (stats['large']) notes.push(`Scanned ${plural(stats['large'], 'large file')} in parts.`);
  if (stats['ignored'])
    notes.push(`Left out ${plural(stats['ignored'], 'path')} matching secrets.ignore-paths.`);
  const unreadable = dirStats.unreadable ?? [];
  if (unreadable.length > 0) {
    stats['unreadable'] = unreadable.length;
    const shown = unreadable.slice(0, 5).join(', ');
    notes.push(
      `Could not read ${plural(unreadable.length, 'path')} (${shown}${unreadable.length > 5 ? ', …' : ''}): they were not scanned. Check their permissions.`,
    );
  }
  const longLines = prep.detector.stats.longLines;
  if (longLines > 0) {
    notes.push(
      `Scanned ${plural(longLines, 'very long line')} (minified code) only around rule keywords.`,
    );
  }
  stats['longLines'] = longLines;
  const placed = [...byPlace.values()].sort((x, y) => comparePlaces(x.first, y.first));
  return { matches: placed.map((p) => p.match), stats, notes };
}

/**
 * Runs the secrets stage: scans the target, drops allowed and baselined secrets, and returns
 * redacted findings with notes and stats (files, bytes, commits, ms).
 */
export async function runSecretsScan(
  inputs: SecretsScanInputs,
  logger: Logger,
): Promise<StageResult> {
  const started = performance.now();
  const detector: { current?: Detector } = {};
  const abort = new AbortController();
  const source = startGitSource(inputs, detector, abort.signal);
  let prep: Prepared;
  let baseline: BaselineIndex | undefined;
  let ignoreEntries: Awaited<ReturnType<typeof readGitleaksIgnore>>;
  try {
    prep = await prepare(inputs);
    baseline = await loadBaseline(inputs, prep.policy);
    ignoreEntries = await readGitleaksIgnore(resolve(inputs.cwd, '.gitleaksignore'));
  } catch (error) {
    // A configuration mistake is reported as such, not as whatever git says once stopped.
    abort.abort();
    await source?.first.catch(() => undefined);
    throw error;
  }
  detector.current = prep.detector;
  const ruleIds = new Set(prep.ruleSet.rules.map((r) => r.id));
  for (const e of prep.policy.exceptions ?? []) {
    if (e.rule && !ruleIds.has(e.rule)) {
      logger.warning(
        `An exception in ${prep.policyFile} names rule "${e.rule}", which is not among the rules in force: it covers nothing. Check the rule id.`,
      );
    }
  }
  const threshold = inputs.failOn ?? prep.policy['fail-on'] ?? 'low';
  logger.debug(`secrets: ${prep.ruleSet.rules.length} rules from ${prep.ruleSource}`);
  if (prep.ruleSource.includes('built-in rules do not run')) {
    logger.warning(`Scanning with the ${prep.ruleSource}.`);
  }

  // Fingerprints stretch each distinct secret once (see secret-digest.ts), in the background
  // while the scan goes on: a run with many findings of few secrets costs a few digests.
  const digester = createSecretDigester();
  const outcome = await scanTarget(inputs, prep, source, (m) => {
    if (!baseline?.has(m.ruleId, m.secret)) digester.add(m.ruleId, m.secret);
  });

  let baselined = 0;
  let ignored = 0;
  const reported: SecretMatch[] = [];
  for (const m of outcome.matches) {
    if (baseline?.has(m.ruleId, m.secret)) {
      baselined++;
      continue;
    }
    if (
      isIgnored(ignoreEntries, {
        path: m.path,
        ruleId: m.ruleId,
        line: m.line,
        commit: m.commit?.sha,
      })
    ) {
      ignored++;
      continue;
    }
    reported.push(m);
  }
  const waitStarted = performance.now();
  const digests = await digester.settle();
  logger.debug(
    `secrets: ${plural(digests.derived, 'secret')} digested for fingerprints; waited ${formatDuration(performance.now() - waitStarted)} after the scan`,
  );
  const excepted = applyExceptions(
    reported.map((m) => toFinding(m, digests.get(m.ruleId, m.secret))),
    prep.policy.exceptions ?? [],
    exceptionContext(inputs, prep),
  );
  const findings = [...excepted.findings, ...excepted.expiredFindings];

  const ms = Math.round(performance.now() - started);
  const notes = [
    `${plural(prep.ruleSet.rules.length, 'rule')} (${prep.ruleSource}).`,
    ...outcome.notes,
  ];
  if (baseline)
    notes.push(
      `Baseline ${relative(inputs.cwd, baseline.path)}: ${plural(baselined, 'known secret')} not reported.`,
    );
  if (ignored > 0) notes.push(`.gitleaksignore: ${plural(ignored, 'finding')} not reported.`);
  if (excepted.waived > 0) {
    notes.push(
      `Exceptions in ${prep.policyFile}: ${plural(excepted.waived, 'finding')} accepted until their expiry dates.`,
    );
  }
  for (const e of excepted.expired) {
    const line = `Exception for ${describeException(e)} (owner ${e.owner}) expired on ${e.expires}: the run fails until it is renewed or removed.`;
    notes.push(line);
    logger.warning(line);
  }
  logger.info(summaryLine(inputs.target, outcome.stats, ms, findings.length));
  if (outcome.stats['unreadable']) {
    logger.warning(outcome.notes.find((n) => n.startsWith('Could not read')) ?? '');
  }
  return {
    stage: 'secrets',
    tool: TOOL_NAME,
    toolVersion: TOOL_VERSION,
    findings,
    threshold,
    passed:
      excepted.expired.length === 0 && !findings.some((f) => meetsThreshold(f.severity, threshold)),
    notes,
    stats: {
      ...outcome.stats,
      ms,
      baselined,
      gitleaksIgnored: ignored,
      waived: excepted.waived,
      expiredExceptions: excepted.expired.length,
    },
  };
}

/**
 * Scans the target and writes a baseline of every secret found (before any baseline), so that
 * they stop failing the build while new ones still do. Returns how many secrets it holds.
 */
export async function writeBaseline(
  inputs: SecretsScanInputs & { outputPath: string },
  logger: Logger,
): Promise<{ path: string; count: number }> {
  const prep = await prepare(inputs);
  const outcome = await scanTarget(inputs, prep);
  // What an exception covers stays out: a baseline would accept it past the exception's date.
  let matches = outcome.matches;
  const exceptions = prep.policy.exceptions ?? [];
  if (exceptions.length > 0) {
    const digests = await digestSecrets(matches);
    const findings = matches.map((m) => toFinding(m, digests.get(m.ruleId, m.secret)));
    const applied = applyExceptions(findings, exceptions, exceptionContext(inputs, prep));
    for (const e of applied.expired) {
      logger.warning(
        `Exception for ${describeException(e)} (owner ${e.owner}) expired on ${e.expires}: what it covered goes into the baseline, accepted for good.`,
      );
    }
    const kept = new Set(applied.findings);
    matches = matches.filter((_, i) => kept.has(findings[i]!));
    const left = outcome.matches.length - matches.length;
    if (left > 0) {
      logger.info(
        `Left ${plural(left, 'finding')} under exceptions in ${prep.policyFile} out of the baseline: they fail again once the exceptions expire.`,
      );
    }
  }
  const baseline = createBaseline(matches);
  const path = resolve(inputs.cwd, inputs.outputPath);
  await writeBaselineFile(path, baseline);
  logger.info(
    `Wrote ${relative(inputs.cwd, path) || path}: ${plural(baseline.entries.length, 'secret')} accepted.`,
  );
  return { path, count: baseline.entries.length };
}

/** What exceptions are judged against: today, and where expired ones are reported. */
function exceptionContext(inputs: SecretsScanInputs, prep: Prepared) {
  return { date: inputs.date ?? today(), policyFile: prep.policyFile, tool: TOOL_NAME };
}

async function loadBaseline(
  inputs: SecretsScanInputs,
  policy: SecretsPolicy,
): Promise<BaselineIndex | undefined> {
  const given = inputs.baselinePath ?? policy.baseline;
  const path = resolve(inputs.cwd, given ?? DEFAULT_BASELINE);
  if (given === undefined && !existsSync(path)) return undefined;
  return readBaseline(path, given ?? DEFAULT_BASELINE);
}

/**
 * A finding that carries no secret: redacted message and snippet, and a fingerprint of rule,
 * path and the secret's stretched digest (`digestSecret`, derived here unless given).
 */
export function toFinding(m: SecretMatch, secretDigest?: string): Finding {
  const digest = secretDigest ?? digestSecret(m.ruleId, m.secret);
  const encoded = m.encoding ? ` (${m.encoding}-encoded)` : '';
  const where = m.commit ? ` in ${m.path} (commit ${m.commit.sha.slice(0, 12)})` : ` in ${m.path}`;
  const properties: Record<string, unknown> = {};
  if (m.commit) {
    properties['commit'] = m.commit.sha;
    properties['author'] = m.commit.author;
    properties['email'] = m.commit.email;
    properties['date'] = m.commit.date;
  }
  if (m.encoding) properties['encoding'] = m.encoding;
  if (m.entropy !== undefined) properties['entropy'] = m.entropy;
  return {
    stage: 'secrets',
    tool: TOOL_NAME,
    ruleId: m.ruleId,
    severity: m.severity,
    title: m.title,
    message: `${m.title} "${redactSecret(m.secret)}"${encoded}${where}`,
    location: {
      path: m.path,
      startLine: m.line,
      endLine: m.endLine,
      startColumn: m.column,
      endColumn: m.endColumn,
      snippet: m.redactedLine,
    },
    fingerprint: fingerprintOf(m.ruleId, m.path, digest),
    properties,
  };
}

function summaryLine(
  target: ScanTarget,
  stats: Record<string, number>,
  ms: number,
  findings: number,
): string {
  const files = stats['files'] ?? 0;
  const bytes = formatBytes(stats['bytes'] ?? 0);
  const what =
    target.kind === 'range' || target.kind === 'history'
      ? `${plural(stats['commits'] ?? 0, 'commit')} (${plural(files, 'file change')}, ${bytes})`
      : target.kind === 'staged'
        ? `staged changes in ${plural(files, 'file')} (${bytes})`
        : `${plural(files, 'file')} (${bytes})`;
  return `Scanned ${what} in ${formatDuration(ms)}: ${plural(findings, 'finding')}`;
}

function toPosix(p: string): string {
  return p.split('\\').join('/');
}
