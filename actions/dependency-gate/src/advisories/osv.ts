import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import semver from 'semver';
import { ConfigurationError } from '@devsecops/action-kit';
import { parseSeverity, type Severity } from '@devsecops/findings';
import type { AffectedInterval, Advisory, AdvisoryLoadStats } from '../types.js';
import { cvss3BaseScore, cvss4Severity, severityOfScore } from './cvss.js';

/** Empty load statistics. */
export function emptyStats(): AdvisoryLoadStats {
  return {
    files: 0,
    records: 0,
    advisories: 0,
    withdrawn: 0,
    otherEcosystems: 0,
    invalidFiles: 0,
    invalidRecords: 0,
    invalidRanges: 0,
    unknownSeverity: 0,
    defaultSeverity: 0,
  };
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isValidVersion = (v: string) => semver.valid(v) !== null;

/**
 * Turns one OSV record into advisories, one per npm package it names. Withdrawn records,
 * other ecosystems, bad ranges and unknown severities are counted in `stats`, never thrown.
 */
export function parseOsvRecord(record: unknown, stats: AdvisoryLoadStats): Advisory[] {
  stats.records++;
  if (!isObject(record) || typeof record['id'] !== 'string' || !Array.isArray(record['affected'])) {
    stats.invalidRecords++;
    return [];
  }
  if (record['withdrawn'] !== undefined && record['withdrawn'] !== null) {
    stats.withdrawn++;
    return [];
  }
  const id = record['id'];
  const malware = id.startsWith('MAL-');

  // Affected entries of the same package are merged into one advisory.
  const byPackage = new Map<
    string,
    { name: string; intervals: AffectedInterval[]; ranges: string[]; versions: string[] }
  >();
  let sawNpm = false;
  for (const affected of record['affected']) {
    if (!isObject(affected) || !isObject(affected['package'])) {
      stats.invalidRanges++;
      continue;
    }
    if (affected['package']['ecosystem'] !== 'npm') continue;
    sawNpm = true;
    const name = affected['package']['name'];
    if (typeof name !== 'string' || name === '') {
      stats.invalidRanges++;
      continue;
    }
    const entry = byPackage.get(name.toLowerCase()) ?? {
      name,
      intervals: [],
      ranges: [],
      versions: [],
    };
    const ok = readAffected(affected, entry);
    if (!ok) stats.invalidRanges++;
    if (entry.intervals.length + entry.ranges.length + entry.versions.length > 0) {
      byPackage.set(name.toLowerCase(), entry);
    }
  }
  if (!sawNpm) {
    stats.otherEcosystems++;
    return [];
  }
  if (byPackage.size === 0) return [];

  const severity = malware
    ? { severity: 'critical' as Severity, from: 'malware' as const }
    : severityOf(record);
  if (severity === 'unknown') {
    stats.unknownSeverity++;
    return [];
  }
  if (severity.from === 'default') stats.defaultSeverity++;

  const aliases = Array.isArray(record['aliases'])
    ? record['aliases'].filter((a): a is string => typeof a === 'string' && a !== id)
    : [];
  const summary = typeof record['summary'] === 'string' ? record['summary'] : '';
  const out: Advisory[] = [];
  for (const entry of byPackage.values()) {
    const advisory: Advisory = {
      id,
      aliases,
      source: 'osv',
      package: entry.name,
      summary,
      severity: severity.severity,
      severityFrom: severity.from,
      intervals: entry.intervals,
      ranges: entry.ranges,
      versions: entry.versions,
      malware,
      url: id.startsWith('GHSA-') ? `https://github.com/advisories/${id}` : undefined,
    };
    if (severity.score !== undefined) advisory.cvssScore = severity.score;
    out.push(advisory);
  }
  stats.advisories += out.length;
  return out;
}

/** Reads one `affected` entry; false when part of it was invalid and left out. */
function readAffected(
  affected: Json,
  entry: { intervals: AffectedInterval[]; ranges: string[]; versions: string[] },
): boolean {
  let ok = true;
  const lastKnown = isObject(affected['database_specific'])
    ? affected['database_specific']['last_known_affected_version_range']
    : undefined;
  const upper = typeof lastKnown === 'string' ? parseUpperBound(lastKnown) : undefined;
  if (typeof lastKnown === 'string' && !upper) ok = false;

  if (Array.isArray(affected['ranges'])) {
    for (const range of affected['ranges']) {
      if (!isObject(range)) {
        ok = false;
        continue;
      }
      if (range['type'] !== 'SEMVER' && range['type'] !== 'ECOSYSTEM') continue;
      const intervals = intervalsOf(range['events']);
      if (!intervals) {
        ok = false;
        continue;
      }
      for (const interval of intervals) {
        // GitHub writes the upper bound it knows when no fixed version exists yet.
        if (!interval.fixed && !interval.lastAffected && upper) Object.assign(interval, upper);
        entry.intervals.push(interval);
      }
    }
  }
  if (Array.isArray(affected['versions'])) {
    for (const v of affected['versions']) {
      if (typeof v === 'string' && isValidVersion(v)) entry.versions.push(v);
      else ok = false;
    }
  }
  return ok;
}

/** `< 1.2.3` or `<= 1.2.3` as the end of an interval. */
function parseUpperBound(text: string): AffectedInterval | undefined {
  const match = /^\s*(<=?)\s*v?(\S+)\s*$/.exec(text);
  if (!match || !isValidVersion(match[2]!)) return undefined;
  return match[1] === '<' ? { fixed: match[2]! } : { lastAffected: match[2]! };
}

/**
 * OSV events as intervals: each `introduced` opens one, the next `fixed` or `last_affected`
 * closes it. Events are sorted by version first, as the OSV schema prescribes for evaluation.
 */
export function intervalsOf(events: unknown): AffectedInterval[] | undefined {
  if (!Array.isArray(events) || events.length === 0) return undefined;
  const parsed: { kind: 'introduced' | 'fixed' | 'last_affected'; version: string }[] = [];
  for (const event of events) {
    if (!isObject(event)) return undefined;
    const keys = Object.keys(event).filter((k) => k !== 'limit');
    if (keys.length !== 1) return undefined;
    const kind = keys[0] as 'introduced' | 'fixed' | 'last_affected';
    const version = event[kind];
    if (!['introduced', 'fixed', 'last_affected'].includes(kind) || typeof version !== 'string') {
      return undefined;
    }
    if (!(kind === 'introduced' && version === '0') && !isValidVersion(version)) return undefined;
    parsed.push({ kind, version });
  }
  parsed.sort((a, b) => {
    if (a.version === '0') return b.version === '0' ? 0 : -1;
    if (b.version === '0') return 1;
    return semver.compare(a.version, b.version);
  });

  const intervals: AffectedInterval[] = [];
  let open: AffectedInterval | undefined;
  for (const event of parsed) {
    if (event.kind === 'introduced') {
      if (!open) open = event.version === '0' ? {} : { introduced: event.version };
    } else if (open) {
      if (event.kind === 'fixed') open.fixed = event.version;
      else open.lastAffected = event.version;
      intervals.push(open);
      open = undefined;
    }
  }
  if (open) intervals.push(open);
  return intervals.length > 0 ? intervals : undefined;
}

type SeverityResult =
  { severity: Severity; from: Advisory['severityFrom']; score?: number } | 'unknown';

/**
 * The database's severity first (MODERATE is medium), else a CVSS v3 vector's base score,
 * else a v4 vector's coarse rating, else medium: an advisory without a severity still names a
 * vulnerability, and medium is what GitHub shows for unrated ones.
 */
function severityOf(record: Json): SeverityResult {
  const db = isObject(record['database_specific'])
    ? record['database_specific']['severity']
    : undefined;
  let unknownLabel = false;
  if (typeof db === 'string' && db !== '') {
    const severity = parseSeverity(db);
    if (severity) return { severity, from: 'database' };
    unknownLabel = true;
  }
  const vectors = Array.isArray(record['severity']) ? record['severity'].filter(isObject) : [];
  for (const v of vectors) {
    if (v['type'] === 'CVSS_V3' && typeof v['score'] === 'string') {
      const score = cvss3BaseScore(v['score']);
      if (score !== undefined) return { severity: severityOfScore(score), from: 'cvss-v3', score };
    }
  }
  for (const v of vectors) {
    if (v['type'] === 'CVSS_V4' && typeof v['score'] === 'string') {
      const severity = cvss4Severity(v['score']);
      if (severity) return { severity, from: 'cvss-v4' };
    }
  }
  if (unknownLabel || vectors.length > 0) return 'unknown';
  return { severity: 'medium', from: 'default' };
}

/** Advisories loaded from OSV files, with what was skipped. */
export interface OsvLoadResult {
  advisories: Advisory[];
  stats: AdvisoryLoadStats;
}

/**
 * Loads OSV records from folders (recursively) and .zip archives of JSON files, offline.
 * A path that does not exist or holds no OSV record is a configuration error; a bad file among
 * good ones is counted.
 */
export async function loadOsvAdvisories(
  paths: readonly string[],
  cwd: string,
): Promise<OsvLoadResult> {
  const stats = emptyStats();
  const advisories: Advisory[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      throw new ConfigurationError(
        `Advisory source "${given}" does not exist. Give a folder or .zip of OSV JSON files (for example an export of the GitHub Advisory Database).`,
      );
    }
    const before = stats.records - stats.invalidRecords - stats.invalidFiles;
    if (info.isDirectory()) {
      const files = await listJsonFiles(path);
      // Read a few files at a time: sequential reads leave the disk idle, unbounded ones exhaust
      // file handles on large databases.
      for (let i = 0; i < files.length; i += 64) {
        const batch = await Promise.all(files.slice(i, i + 64).map((f) => readFile(f)));
        for (const data of batch) addFile(data, stats, advisories);
      }
    } else if (path.toLowerCase().endsWith('.zip')) {
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(new Uint8Array(await readFile(path)), {
          filter: (f) => f.name.toLowerCase().endsWith('.json'),
        });
      } catch (error) {
        throw new ConfigurationError(
          `Advisory archive "${given}" is not a valid zip file (${(error as Error).message}).`,
        );
      }
      for (const data of Object.values(entries)) addFile(data, stats, advisories);
    } else if (path.toLowerCase().endsWith('.json')) {
      addFile(await readFile(path), stats, advisories);
    } else {
      throw new ConfigurationError(
        `Advisory source "${given}" is neither a folder, a .zip nor a .json file of OSV records.`,
      );
    }
    if (stats.records - stats.invalidRecords - stats.invalidFiles === before) {
      throw new ConfigurationError(
        `Advisory source "${given}" holds no valid OSV JSON record. Check the path; it should contain files such as GHSA-xxxx-xxxx-xxxx.json.`,
      );
    }
  }
  return { advisories, stats };
}

// TextDecoder drops a leading byte order mark (ignoreBOM is false by default).
const decoder = new TextDecoder();

function addFile(data: Uint8Array, stats: AdvisoryLoadStats, into: Advisory[]): void {
  stats.files++;
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(data));
  } catch {
    stats.invalidFiles++;
    stats.records++;
    return;
  }
  // A file holds one record, or (as some exports do) an array of them.
  const records = Array.isArray(value) ? value : [value];
  for (const record of records) into.push(...parseOsvRecord(record, stats));
}

async function listJsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json'))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}
