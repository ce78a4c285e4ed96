import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, createMemoryLogger } from '@devsecops/action-kit';
import { runDependencyGate } from '../src/run.js';
import { DEMO_LOCK_V3, DEMO_MANIFEST, osvRecord, removeProjects, writeProject } from './helpers.js';

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise((r) => server!.close(r));
  server = undefined;
  await removeProjects();
});

/** A GitHub REST stand-in on 127.0.0.1 answering GET /advisories with `status` and `records`. */
async function advisoryApi(
  status: number,
  records: unknown[],
): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  server = createServer((req, res) => {
    seen.push(req.url!);
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(status === 200 ? records : { message: 'Bad credentials' }));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const githubRecord = {
  ghsa_id: 'GHSA-aaaa-aaaa-aaaa',
  cve_id: 'CVE-2099-0001',
  type: 'reviewed',
  summary: 'Synthetic advisory for a',
  severity: 'high',
  html_url: 'https://github.com/advisories/GHSA-aaaa-aaaa-aaaa',
  withdrawn_at: null,
  vulnerabilities: [
    {
      package: { ecosystem: 'npm', name: 'a' },
      vulnerable_version_range: '< 1.0.1',
      first_patched_version: '1.0.1',
    },
  ],
};

const project = () =>
  writeProject({
    'package.json': DEMO_MANIFEST,
    'package-lock.json': DEMO_LOCK_V3,
    'osv/a.json': { ...osvRecord('GHSA-aaaa-aaaa-aaaa', 'a', '1.0.1'), aliases: ['CVE-2099-0001'] },
  });

describe('runDependencyGate online', () => {
  it('asks the GitHub advisory API and merges its answer with OSV into one finding', async () => {
    const cwd = await project();
    const api = await advisoryApi(200, [githubRecord]);
    const result = await runDependencyGate(
      { cwd, path: '.', advisories: ['osv'], offline: false, token: 'test-token', apiUrl: api.url },
      createMemoryLogger(),
    );
    expect(api.seen.some((u) => u.startsWith('/advisories?') && u.includes('a%401.0.0'))).toBe(
      true,
    );
    const found = result.findings.filter((f) => f.ruleId === 'GHSA-aaaa-aaaa-aaaa');
    expect(found).toHaveLength(1);
    expect(found[0]!.properties?.['sources']).toEqual(['osv', 'github']);
  });

  it('never asks the API when offline', async () => {
    const cwd = await project();
    const api = await advisoryApi(200, [githubRecord]);
    await runDependencyGate(
      { cwd, path: '.', advisories: ['osv'], offline: true, token: 'test-token', apiUrl: api.url },
      createMemoryLogger(),
    );
    expect(api.seen).toEqual([]);
  });

  it('carries on with the other sources when the API fails, and fails closed without them', async () => {
    const cwd = await project();
    const api = await advisoryApi(401, []);
    const withOsv = await runDependencyGate(
      { cwd, path: '.', advisories: ['osv'], offline: false, token: 'bad', apiUrl: api.url },
      createMemoryLogger(),
    );
    expect(withOsv.notes.join(' ')).toContain('The other advisory sources were used');
    expect(withOsv.findings.some((f) => f.ruleId === 'GHSA-aaaa-aaaa-aaaa')).toBe(true);

    const error = await runDependencyGate(
      { cwd, path: '.', offline: false, token: 'bad', apiUrl: api.url },
      createMemoryLogger(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^No advisory source answered \(GitHub advisory API/);
  });
});
