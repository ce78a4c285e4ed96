import { EnvironmentError, type Logger } from '@devsecops/action-kit';
import { parseSeverity, type Severity } from '@devsecops/findings';
import { getOctokit } from '@actions/github';
import type { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import semver from 'semver';
import { cvss3BaseScore, cvss4Severity, severityOfScore } from '../advisories/cvss.js';
import { emptyStats } from '../advisories/osv.js';
import type { Advisory, AdvisoryLoadStats, AffectedInterval } from '../types.js';
import type { AdvisoryCache } from './cache.js';

/** A package to ask about. */
export interface PackageCoordinate {
  name: string;
  version: string;
}

/** Options of {@link fetchGithubAdvisories}. */
export interface GithubAdvisoryOptions {
  /** A token (GITHUB_TOKEN needs no permission for this endpoint). */
  token: string;
  /** The REST API root, e.g. `https://api.github.com` or `GITHUB_API_URL`. */
  apiUrl: string;
  logger: Logger;
  /** Kept between runs when given (see createActionsCache). */
  cache?: AdvisoryCache;
  /** Advisory types to ask for; malware is excluded by the API unless asked for. */
  types?: readonly ('reviewed' | 'malware' | 'unreviewed')[];
  /** Base delay of the retry back-off in milliseconds (default 1000). */
  retryDelayMs?: number;
  /** How many times a failed request is retried (default 3; 1 when the host is unreachable). */
  retries?: number;
  /** The fetch implementation (the global one by default). */
  fetch?: typeof fetch;
}

/** What {@link fetchGithubAdvisories} returns. */
export interface GithubAdvisoryResult {
  advisories: Advisory[];
  stats: AdvisoryLoadStats;
  requests: number;
  fromCache: boolean;
}

/** The advisory API failed; `status` is the HTTP status when the API answered at all. */
export class AdvisoryApiError extends EnvironmentError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The API takes at most this many `affects` entries per request. */
const MAX_AFFECTS = 1000;
/** Keeps request URLs well below the 8,000-character limit the API documents. */
const MAX_AFFECTS_CHARS = 6000;

/**
 * Asks GitHub's global security advisories API (`GET /advisories?ecosystem=npm&affects=…`)
 * which advisories affect the given packages, in batches of `name@version` entries, following
 * pagination. 5xx answers are retried with back-off and rate limits are waited out (once).
 * Advisories come back in the same model as the OSV and npm audit sources. Throws
 * EnvironmentError when the API cannot be reached or keeps failing; the caller decides whether
 * another source answered.
 */
export async function fetchGithubAdvisories(
  packages: readonly PackageCoordinate[],
  options: GithubAdvisoryOptions,
): Promise<GithubAdvisoryResult> {
  const coordinates = [...new Set(packages.map((p) => `${p.name}@${p.version}`))].sort();
  const types = options.types ?? ['reviewed', 'malware'];
  const cacheKey = options.cache
    ? await options.cache.keyFor([options.apiUrl, ...types, ...coordinates])
    : '';
  const cached = options.cache ? await options.cache.restore(cacheKey) : undefined;
  let records: unknown[];
  let requests = 0;
  if (cached) {
    records = cached;
    options.logger.info(
      `Read ${plural(records.length, 'GitHub advisory', 'GitHub advisories')} from the cache.`,
    );
  } else {
    const octokit = createClient(options);
    const seen = new Set<string>();
    records = [];
    for (const type of types) {
      for (const batch of batches(coordinates)) {
        let pages: unknown[];
        try {
          pages = await octokit.paginate(
            'GET /advisories',
            {
              ecosystem: 'npm',
              type,
              affects: batch.join(','),
              per_page: 100,
            },
            (response) => {
              requests++;
              return response.data as unknown[];
            },
          );
        } catch (error) {
          throw describeFailure(error, options.apiUrl);
        }
        for (const record of pages) {
          const id = (record as { ghsa_id?: unknown }).ghsa_id;
          if (typeof id === 'string' && !seen.has(id)) {
            seen.add(id);
            records.push(record);
          }
        }
      }
    }
    options.logger.info(
      `GitHub advisory API: ${plural(records.length, 'advisory', 'advisories')} for ${plural(coordinates.length, 'package')} in ${plural(requests, 'request')}.`,
    );
    if (options.cache) await options.cache.save(cacheKey, records);
  }

  const stats = emptyStats();
  const wanted = new Set(packages.map((p) => p.name.toLowerCase()));
  const advisories = records.flatMap((r) => githubToAdvisories(r, stats, wanted));
  return { advisories, stats, requests, fromCache: cached !== undefined };
}

function createClient(options: GithubAdvisoryOptions) {
  const logger = options.logger;
  return getOctokit(
    options.token,
    {
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
      retry: {
        retries: options.retries ?? 3,
        retryAfterBaseValue: options.retryDelayMs ?? 1000,
      },
      throttle: {
        // Waits are the API's retry-after seconds times this base (1000 ms in production).
        retryAfterBaseValue: options.retryDelayMs ?? 1000,
        onRateLimit: (
          retryAfter: number,
          request: { method: string; url: string },
          _o: unknown,
          retryCount: number,
        ) => {
          logger.warning(
            `GitHub API rate limit reached on ${request.method} ${request.url}; retrying in ${retryAfter} s.`,
          );
          return retryCount < 1;
        },
        onSecondaryRateLimit: (
          retryAfter: number,
          request: { method: string; url: string },
          _o: unknown,
          retryCount: number,
        ) => {
          logger.warning(
            `GitHub API secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter} s.`,
          );
          return retryCount < 1;
        },
      },
      log: {
        debug: (m: string) => logger.debug(m),
        info: (m: string) => logger.debug(m),
        warn: (m: string) => logger.debug(m),
        error: (m: string) => logger.debug(m),
      },
    },
    failFastOnConnectionErrors(Math.min(options.retries ?? 3, 1)),
    retry,
    throttling,
  );
}

/** Error codes meaning the host cannot be reached at all; retrying them for long does not help. */
const CONNECTION_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The low-level code (`ENOTFOUND`…) of a failed fetch wrapped by Octokit, if any. */
function connectionCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Octokit reports a failed connection as HTTP 500, which the retry plugin retries with
 * back-off (about 15 s). This plugin, registered before it, caps such a request at one retry.
 */
function failFastOnConnectionErrors(retries: number) {
  return (octokit: Octokit): void => {
    octokit.hook.error('request', (error, options) => {
      const request = options.request as { retries?: number } | undefined;
      if (connectionCode(error) && request) {
        request.retries = Math.min(request.retries ?? retries, retries);
      }
      throw error;
    });
  };
}

function describeFailure(error: unknown, apiUrl: string): AdvisoryApiError {
  let host = apiUrl;
  try {
    host = new URL(apiUrl).host;
  } catch {
    // keep the configured text
  }
  const code = connectionCode(error);
  if (code) {
    const what =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `its name does not resolve (${code})`
        : `the connection failed (${code})`;
    return new AdvisoryApiError(
      `Cannot reach the GitHub advisory API at ${host}: ${what}. Check the network, or run offline: --offline with OSV advisories (--advisories DIR or ZIP) or an npm audit report (--npm-audit FILE).`,
    );
  }
  const status = (error as { status?: unknown }).status;
  return new AdvisoryApiError(
    `GitHub advisory API at ${apiUrl} failed: ${describeHttpError(error)}. Check the network and the token, or run offline: --offline with OSV advisories (--advisories) or an npm audit report (--npm-audit).`,
    typeof status === 'number' ? status : undefined,
  );
}

function* batches(coordinates: readonly string[]): Generator<string[]> {
  let batch: string[] = [];
  let chars = 0;
  for (const c of coordinates) {
    const size = encodeURIComponent(c).length + 3;
    if (batch.length > 0 && (batch.length >= MAX_AFFECTS || chars + size > MAX_AFFECTS_CHARS)) {
      yield batch;
      batch = [];
      chars = 0;
    }
    batch.push(c);
    chars += size;
  }
  if (batch.length > 0) yield batch;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Converts one record of the global advisories API into advisories, one per npm package it
 * lists (only the packages asked about). Withdrawn records and malformed ranges are counted in
 * `stats`, not thrown.
 */
export function githubToAdvisories(
  record: unknown,
  stats: AdvisoryLoadStats,
  wanted?: ReadonlySet<string>,
): Advisory[] {
  stats.records++;
  if (
    !isObject(record) ||
    typeof record['ghsa_id'] !== 'string' ||
    !Array.isArray(record['vulnerabilities'])
  ) {
    stats.invalidRecords++;
    return [];
  }
  if (record['withdrawn_at']) {
    stats.withdrawn++;
    return [];
  }
  const id = record['ghsa_id'];
  const malware = record['type'] === 'malware';
  const severity = malware
    ? { severity: 'critical' as Severity, from: 'malware' as const }
    : severityOf(record);
  if (severity.from === 'default') stats.defaultSeverity++;

  const aliases = new Set<string>();
  if (typeof record['cve_id'] === 'string') aliases.add(record['cve_id']);
  if (Array.isArray(record['identifiers'])) {
    for (const i of record['identifiers'])
      if (isObject(i) && typeof i['value'] === 'string') aliases.add(i['value']);
  }
  aliases.delete(id);

  const byPackage = new Map<
    string,
    { name: string; intervals: AffectedInterval[]; ranges: string[] }
  >();
  let sawNpm = false;
  for (const v of record['vulnerabilities']) {
    if (!isObject(v) || !isObject(v['package'])) continue;
    if (v['package']['ecosystem'] !== 'npm') continue;
    sawNpm = true;
    const name = v['package']['name'];
    if (typeof name !== 'string' || name === '') continue;
    if (wanted && !wanted.has(name.toLowerCase())) continue;
    const entry = byPackage.get(name.toLowerCase()) ?? { name, intervals: [], ranges: [] };
    const range =
      typeof v['vulnerable_version_range'] === 'string' ? v['vulnerable_version_range'] : '';
    const patched =
      typeof v['first_patched_version'] === 'string' ? v['first_patched_version'] : undefined;
    const parsed = parseVulnerableRange(range, patched);
    if (parsed === undefined) stats.invalidRanges++;
    else if ('interval' in parsed) entry.intervals.push(parsed.interval);
    else entry.ranges.push(parsed.range);
    byPackage.set(name.toLowerCase(), entry);
  }
  if (!sawNpm) {
    stats.otherEcosystems++;
    return [];
  }

  const out: Advisory[] = [];
  for (const entry of byPackage.values()) {
    if (entry.intervals.length + entry.ranges.length === 0) continue;
    const advisory: Advisory = {
      id,
      aliases: [...aliases],
      source: 'github',
      package: entry.name,
      summary: typeof record['summary'] === 'string' ? record['summary'] : '',
      severity: severity.severity,
      severityFrom: severity.from,
      intervals: entry.intervals,
      ranges: entry.ranges,
      versions: [],
      malware,
      url:
        typeof record['html_url'] === 'string'
          ? record['html_url']
          : `https://github.com/advisories/${id}`,
    };
    if (severity.score !== undefined) advisory.cvssScore = severity.score;
    out.push(advisory);
  }
  stats.advisories += out.length;
  return out;
}

/**
 * GitHub's `vulnerable_version_range` (`>= 1.0.0, < 1.2.3`, `<= 2.0.0`, `= 1.0.0`) as an
 * interval, or as a semver range when it does not fit one (a `>` lower bound).
 */
export function parseVulnerableRange(
  range: string,
  firstPatched?: string,
): { interval: AffectedInterval } | { range: string } | undefined {
  const parts = range
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  const interval: AffectedInterval = {};
  for (const part of parts) {
    const m = /^(>=|<=|>|<|=)?\s*v?(\S+)$/.exec(part);
    if (!m) return undefined;
    const [op, version] = [m[1] ?? '=', m[2]!];
    // `>= 0` is how GitHub writes "every version".
    if (op === '>=' && (version === '0' || version === '0.0.0')) continue;
    if (semver.valid(version) === null) return undefined;
    if (op === '>=') interval.introduced = version;
    else if (op === '<') interval.fixed = version;
    else if (op === '<=') interval.lastAffected = version;
    else if (op === '=') {
      interval.introduced = version;
      interval.lastAffected = version;
    } else {
      const asRange = parts.join(' ');
      return semver.validRange(asRange) ? { range: asRange } : undefined;
    }
  }
  if (!interval.fixed && !interval.lastAffected && firstPatched && semver.valid(firstPatched)) {
    interval.fixed = firstPatched;
  }
  return { interval };
}

function severityOf(record: Json): {
  severity: Severity;
  from: Advisory['severityFrom'];
  score?: number;
} {
  const label =
    typeof record['severity'] === 'string' ? parseSeverity(record['severity']) : undefined;
  if (label) return { severity: label, from: 'database' };
  const cvss = isObject(record['cvss_severities']) ? record['cvss_severities'] : {};
  const v3 = isObject(cvss['cvss_v3']) ? cvss['cvss_v3']['vector_string'] : undefined;
  const legacy = isObject(record['cvss']) ? record['cvss']['vector_string'] : undefined;
  for (const vector of [v3, legacy]) {
    if (typeof vector !== 'string') continue;
    const score = cvss3BaseScore(vector);
    if (score !== undefined) return { severity: severityOfScore(score), from: 'cvss-v3', score };
  }
  const v4 = isObject(cvss['cvss_v4']) ? cvss['cvss_v4']['vector_string'] : undefined;
  if (typeof v4 === 'string') {
    const severity = cvss4Severity(v4);
    if (severity) return { severity, from: 'cvss-v4' };
  }
  return { severity: 'medium', from: 'default' };
}

function describeHttpError(error: unknown): string {
  const e = error as {
    status?: number;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (e.status) return `HTTP ${e.status}${e.message ? ` (${e.message.split('\n')[0]})` : ''}`;
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
