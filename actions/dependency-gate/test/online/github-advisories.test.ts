import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryLogger, EnvironmentError } from '@devsecops/action-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyStats } from '../../src/advisories/osv.js';
import { createFileCache } from '../../src/online/cache.js';
import {
  fetchGithubAdvisories,
  githubToAdvisories,
  parseVulnerableRange,
} from '../../src/online/github-advisories.js';
import { removeTempDirs, tempDir } from '../supply-chain/support.js';
import { closedPort, json, startStandIn, type StandIn } from './server.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const load = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as unknown[];
const PAGE1 = load('github-advisories-page1.json');
const PAGE2 = load('github-advisories-page2.json');
const MALWARE = load('github-advisories-malware.json');

const PACKAGES = [
  { name: 'lodash', version: '4.17.11' },
  { name: 'example-parser', version: '2.1.0' },
  { name: 'crossenv', version: '1.0.0' },
];

let servers: StandIn[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  await removeTempDirs();
});

/** The advisories API: reviewed records on two pages (cursor pagination), malware on one. */
async function advisoryApi(
  extra?: (
    attempt: number,
  ) => { status: number; headers?: Record<string, string>; body: unknown } | undefined,
) {
  let attempt = 0;
  const server = await startStandIn((req, res) => {
    if (req.path !== '/advisories') return false;
    attempt++;
    const override = extra?.(attempt);
    if (override) return json(res, override.status, override.body, override.headers);
    if (req.query.get('type') === 'malware') return json(res, 200, MALWARE);
    if (req.query.get('after') === 'cursor-2') return json(res, 200, PAGE2);
    const next = new URL(`${server.url}/advisories`);
    for (const [k, v] of req.query) next.searchParams.set(k, v);
    next.searchParams.set('after', 'cursor-2');
    json(res, 200, PAGE1, { link: `<${next.href}>; rel="next"` });
  });
  servers.push(server);
  return server;
}

describe('fetchGithubAdvisories', () => {
  it('asks for every package once per type, follows pages and converts the records', async () => {
    const server = await advisoryApi();
    const logger = createMemoryLogger();
    const result = await fetchGithubAdvisories(PACKAGES, {
      token: 'ghs_test',
      apiUrl: server.url,
      logger,
    });

    expect(server.requests.map((r) => [r.query.get('type'), r.query.get('after')])).toEqual([
      ['reviewed', null],
      ['reviewed', 'cursor-2'],
      ['malware', null],
    ]);
    const first = server.requests[0]!;
    expect(first.query.get('ecosystem')).toBe('npm');
    expect(first.query.get('per_page')).toBe('100');
    expect(first.query.get('affects')).toBe('crossenv@1.0.0,example-parser@2.1.0,lodash@4.17.11');
    expect(first.headers['authorization']).toBe('token ghs_test');
    expect(result.requests).toBe(3);

    const summary = result.advisories.map((a) => [a.id, a.package, a.severity, a.severityFrom]);
    expect(summary).toEqual([
      ['GHSA-jf85-cpcp-j695', 'lodash', 'critical', 'database'],
      ['GHSA-aaaa-bbbb-cccc', 'example-parser', 'high', 'cvss-v3'],
      ['GHSA-dddd-eeee-ffff', 'example-parser', 'low', 'database'],
      ['GHSA-mmmm-nnnn-oooo', 'crossenv', 'critical', 'malware'],
    ]);
    const lodash = result.advisories[0]!;
    expect(lodash).toMatchObject({
      source: 'github',
      aliases: ['CVE-2019-10744'],
      intervals: [{ fixed: '4.17.12' }],
      url: 'https://github.com/advisories/GHSA-jf85-cpcp-j695',
      malware: false,
    });
    expect(result.advisories[1]).toMatchObject({
      intervals: [{ introduced: '2.0.0', lastAffected: '2.3.1' }],
      cvssScore: 7.5,
    });
    expect(result.advisories[2]).toMatchObject({ intervals: [], ranges: ['> 1.0.0 < 1.5.0'] });
    expect(result.advisories[3]).toMatchObject({ malware: true, intervals: [{}] });
    expect(result.stats).toMatchObject({ records: 5, withdrawn: 1, advisories: 4 });
    expect(logger.lines).toContain(
      'GitHub advisory API: 5 advisories for 3 packages in 3 requests.',
    );
  });

  it('splits long package lists into batches the API accepts', async () => {
    const server = await startStandIn((req, res) =>
      req.path === '/advisories' ? json(res, 200, []) : false,
    );
    servers.push(server);
    const many = Array.from({ length: 1500 }, (_, i) => ({
      name: `package-number-${i}`,
      version: '1.0.0',
    }));
    const result = await fetchGithubAdvisories(many, {
      token: 't',
      apiUrl: server.url,
      logger: createMemoryLogger(),
      types: ['reviewed'],
    });
    const sizes = server.requests.map((r) => r.query.get('affects')!.split(',').length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1500);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(server.requests.every((r) => r.query.get('affects')!.length < 8000)).toBe(true);
    expect(result.advisories).toEqual([]);
  });

  it('waits out a rate limit (403 with reset headers) and retries', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 1);
    const server = await advisoryApi((attempt) =>
      attempt === 1
        ? {
            status: 403,
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-limit': '60',
              'x-ratelimit-reset': reset,
            },
            body: {
              message: 'API rate limit exceeded for 127.0.0.1.',
              documentation_url: 'https://docs.github.com/rest',
            },
          }
        : undefined,
    );
    const logger = createMemoryLogger();
    const result = await fetchGithubAdvisories(PACKAGES, {
      token: 't',
      apiUrl: server.url,
      logger,
      retryDelayMs: 10,
      types: ['malware'],
    });
    expect(server.requests).toHaveLength(2);
    expect(result.advisories.map((a) => a.id)).toEqual(['GHSA-mmmm-nnnn-oooo']);
    expect(
      logger.lines.some((l) =>
        /^warning: GitHub API rate limit reached on GET .*retrying in \d+ s\.$/.test(l),
      ),
    ).toBe(true);
  });

  it('retries a server error and succeeds', async () => {
    const server = await advisoryApi((attempt) =>
      attempt === 1 ? { status: 502, body: { message: 'Bad Gateway' } } : undefined,
    );
    const result = await fetchGithubAdvisories(PACKAGES, {
      token: 't',
      apiUrl: server.url,
      logger: createMemoryLogger(),
      retryDelayMs: 10,
      types: ['malware'],
    });
    expect(server.requests).toHaveLength(2);
    expect(result.advisories).toHaveLength(1);
  });

  it('gives up with an environment error when the API keeps failing', async () => {
    const server = await advisoryApi(() => ({
      status: 503,
      body: { message: 'Service Unavailable' },
    }));
    const error = await fetchGithubAdvisories(PACKAGES, {
      token: 't',
      apiUrl: server.url,
      logger: createMemoryLogger(),
      retryDelayMs: 5,
      retries: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(
      /^GitHub advisory API at http:\/\/127\.0\.0\.1:\d+ failed: HTTP 503/,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('reports an unreachable API as an environment error', async () => {
    const port = await closedPort();
    const error = await fetchGithubAdvisories(PACKAGES, {
      token: 't',
      apiUrl: `http://127.0.0.1:${port}`,
      logger: createMemoryLogger(),
      retryDelayMs: 5,
      retries: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).not.toContain('t@');
  });

  it('gives up on an unresolvable host after one retry and says how to go offline', async () => {
    const started = performance.now();
    const error = await fetchGithubAdvisories(PACKAGES, {
      token: 't',
      apiUrl: 'https://api.github.invalid',
      logger: createMemoryLogger(),
      retryDelayMs: 200,
    }).catch((e: unknown) => e);
    const ms = performance.now() - started;
    expect(error).toBeInstanceOf(EnvironmentError);
    const message = (error as Error).message;
    expect(message).toContain('api.github.invalid');
    expect(message).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(message).toContain('--offline');
    expect(message).toContain('--advisories');
    expect(message).not.toContain('HTTP 500');
    // Three retries with back-off would wait 1 + 4 + 9 units (2.8 s here); one waits 0.2 s.
    expect(ms).toBeLessThan(2000);
  });

  it('retries a refused connection once, not with the full back-off', async () => {
    const port = await closedPort();
    let attempts = 0;
    const counting: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const error = await fetchGithubAdvisories(PACKAGES, {
      token: 't',
      apiUrl: `http://127.0.0.1:${port}`,
      logger: createMemoryLogger(),
      retryDelayMs: 5,
      fetch: counting,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(attempts).toBe(2);
  });

  it('reuses cached records on the next run the same day', async () => {
    const server = await advisoryApi();
    const dir = await tempDir();
    const cache = createFileCache({ dir, now: () => new Date('2026-12-03T10:00:00Z') });
    const options = { token: 't', apiUrl: server.url, logger: createMemoryLogger(), cache };
    const first = await fetchGithubAdvisories(PACKAGES, options);
    const second = await fetchGithubAdvisories(PACKAGES, options);
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(server.requests).toHaveLength(3);
    expect(second.advisories).toEqual(first.advisories);
    // Another set of packages is another query.
    await fetchGithubAdvisories([{ name: 'lodash', version: '4.17.21' }], options);
    expect(server.requests.length).toBeGreaterThan(3);
  });
});

describe('parseVulnerableRange', () => {
  it.each([
    ['< 4.17.12', '4.17.12', { interval: { fixed: '4.17.12' } }],
    ['>= 2.0.0, < 2.1.3', '2.1.3', { interval: { introduced: '2.0.0', fixed: '2.1.3' } }],
    ['<= 1.0.0', undefined, { interval: { lastAffected: '1.0.0' } }],
    ['= 1.2.3', undefined, { interval: { introduced: '1.2.3', lastAffected: '1.2.3' } }],
    ['>= 3.0.0', '3.4.0', { interval: { introduced: '3.0.0', fixed: '3.4.0' } }],
    ['> 1.0.0, < 1.5.0', '1.5.0', { range: '> 1.0.0 < 1.5.0' }],
    ['>= 0', undefined, { interval: {} }],
    ['< banana', undefined, undefined],
    ['', undefined, undefined],
  ])('reads %j', (range, patched, expected) => {
    expect(parseVulnerableRange(range, patched)).toEqual(expected);
  });
});

describe('githubToAdvisories', () => {
  it('keeps only the npm packages asked about and counts bad records', () => {
    const stats = emptyStats();
    const lodashOnly = githubToAdvisories(PAGE1[0], stats, new Set(['lodash']));
    expect(lodashOnly.map((a) => a.package)).toEqual(['lodash']);
    expect(githubToAdvisories({ nope: true }, stats)).toEqual([]);
    expect(stats.invalidRecords).toBe(1);
  });
});
