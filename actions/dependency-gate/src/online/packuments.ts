import { EnvironmentError, type Logger } from '@devsecops/action-kit';
import { registryTarballIdentity } from '../supply-chain/sources.js';
import type { DependencyTree } from '../types.js';

/** The parts of a registry package document (packument) this action reads. */
export interface Packument {
  name: string;
  'dist-tags'?: Record<string, string>;
  /** Version manifests by version: license, scripts, deprecated, maintainers, _npmUser. */
  versions?: Record<string, Record<string, unknown>>;
  /** Publication times by version, plus `created` and `modified`. */
  time?: Record<string, string>;
}

/** Options of {@link fetchPackuments}. */
export interface PackumentOptions {
  /** The registry root, e.g. `https://registry.npmjs.org`. */
  registryUrl: string;
  logger?: Logger;
  /** A bearer token for a private registry. */
  token?: string;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Retries of a 5xx, 429 or network failure (default 3). */
  retries?: number;
  /** Base delay of the retry back-off in milliseconds (default 500). */
  retryDelayMs?: number;
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
}

/** What {@link fetchPackuments} returns. */
export interface PackumentResult {
  packuments: Map<string, Packument>;
  /** Names the registry does not know (404), e.g. private packages from another registry. */
  notFound: string[];
  /** Names whose document could not be fetched after retries. */
  failed: string[];
}

/**
 * The names worth asking the registry about: installed packages that came from a registry
 * (not links, bundled copies, git or tarball URLs), each once.
 */
export function packumentNamesOf(tree: DependencyTree): string[] {
  const names = new Set<string>();
  for (const p of tree.packages) {
    if (p.link || p.bundled) continue;
    if (p.resolved && registryTarballIdentity(p.resolved) === undefined) continue;
    names.add(p.name);
  }
  return [...names].sort();
}

/**
 * Fetches the full registry document of each package (deprecation, install scripts, licenses,
 * maintainers and publication times per version), a few at a time, retrying server errors and
 * rate limits with back-off. Throws EnvironmentError when the registry cannot be reached at all.
 */
// Limitation: full documents are fetched because licenses, maintainers and publication times are
// not in npm's abbreviated form; a few popular packages have documents of several megabytes.
export async function fetchPackuments(
  names: readonly string[],
  options: PackumentOptions,
): Promise<PackumentResult> {
  const unique = [...new Set(names)].sort();
  const result: PackumentResult = { packuments: new Map(), notFound: [], failed: [] };
  const base = options.registryUrl.replace(/\/+$/, '');
  let next = 0;
  let answered = 0;
  let lastError = '';

  const worker = async () => {
    while (next < unique.length) {
      const name = unique[next++]!;
      const outcome = await fetchOne(`${base}/${encodeName(name)}`, options);
      if (outcome.kind === 'ok') {
        answered++;
        result.packuments.set(name, outcome.packument);
      } else if (outcome.kind === 'not-found') {
        answered++;
        result.notFound.push(name);
      } else {
        if (outcome.status !== undefined) answered++;
        lastError = outcome.message;
        result.failed.push(name);
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 8, unique.length) }, worker),
  );

  if (unique.length > 0 && answered === 0) {
    throw new EnvironmentError(
      `The npm registry at ${base} cannot be reached (${lastError}). Check the network or run offline.`,
    );
  }
  options.logger?.info(
    `Registry: ${result.packuments.size} package documents from ${base}` +
      (result.notFound.length ? `, ${result.notFound.length} not found` : '') +
      (result.failed.length ? `, ${result.failed.length} failed` : '') +
      '.',
  );
  result.notFound.sort();
  result.failed.sort();
  return result;
}

type Outcome =
  | { kind: 'ok'; packument: Packument }
  | { kind: 'not-found' }
  | { kind: 'failed'; status?: number; message: string };

async function fetchOne(url: string, options: PackumentOptions): Promise<Outcome> {
  const retries = options.retries ?? 3;
  const delay = options.retryDelayMs ?? 500;
  let last: Outcome = { kind: 'failed', message: 'no attempt' };
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(retryWait(last, delay, attempt));
    try {
      const response = await fetch(url, {
        headers: {
          accept: 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      if (response.status === 404) return { kind: 'not-found' };
      if (response.ok) {
        const body = (await response.json()) as Packument;
        if (typeof body !== 'object' || body === null)
          return { kind: 'failed', status: 200, message: 'not JSON' };
        return { kind: 'ok', packument: body };
      }
      last = { kind: 'failed', status: response.status, message: `HTTP ${response.status}` };
      (last as { retryAfter?: string | null }).retryAfter = response.headers.get('retry-after');
      if (response.status !== 429 && response.status < 500) return last;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      last = { kind: 'failed', message: cause?.code ?? (error as Error).message };
    }
  }
  return last;
}

function retryWait(last: Outcome, base: number, attempt: number): number {
  const header = (last as { retryAfter?: string | null }).retryAfter;
  const seconds = header ? Number(header) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 60_000);
  return base * 2 ** (attempt - 1);
}

/** Scoped names keep their `@` and encode the slash, as the npm registry expects. */
function encodeName(name: string): string {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
