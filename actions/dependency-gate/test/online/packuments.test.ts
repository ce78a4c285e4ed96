import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryLogger, EnvironmentError } from '@devsecops/action-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLicenses, LicensePolicySchema } from '../../src/licenses.js';
import { checkPackuments } from '../../src/online/packument-checks.js';
import { fetchPackuments, type Packument } from '../../src/online/packuments.js';
import { checkSupplyChain, SupplyChainPolicySchema } from '../../src/supply-chain/index.js';
import { makeTree } from '../supply-chain/support.js';
import { closedPort, json, startStandIn, type StandIn } from './server.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const LEFT_PAD = JSON.parse(
  readFileSync(join(FIXTURES, 'packument-left-pad.json'), 'utf8'),
) as Packument;
const SCOPED = JSON.parse(
  readFileSync(join(FIXTURES, 'packument-scoped.json'), 'utf8'),
) as Packument;

let servers: StandIn[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A registry stand-in: two documents, a flaky one (one 500, then OK) and 404 for the rest. */
async function registry() {
  let flaky = 0;
  const server = await startStandIn((req, res) => {
    if (req.path === '/left-pad') return json(res, 200, LEFT_PAD);
    if (req.path === '/@acme%2Futil' || req.path === '/@acme%2futil') return json(res, 200, SCOPED);
    if (req.path === '/flaky') {
      flaky++;
      return flaky === 1
        ? json(res, 500, { error: 'Internal Server Error' })
        : json(res, 200, {
            name: 'flaky',
            versions: { '1.0.0': { name: 'flaky', version: '1.0.0' } },
          });
    }
    if (req.path === '/limited')
      return json(res, 429, { error: 'Too Many Requests' }, { 'retry-after': '0' });
    return false;
  });
  servers.push(server);
  return server;
}

describe('fetchPackuments', () => {
  it('fetches documents, retries server errors and lists what the registry lacks', async () => {
    const server = await registry();
    const logger = createMemoryLogger();
    const result = await fetchPackuments(
      ['left-pad', '@acme/util', 'flaky', 'private-thing', 'left-pad'],
      {
        registryUrl: `${server.url}/`,
        logger,
        retryDelayMs: 5,
        token: 'npm_secret',
      },
    );
    expect([...result.packuments.keys()].sort()).toEqual(['@acme/util', 'flaky', 'left-pad']);
    expect(result.notFound).toEqual(['private-thing']);
    expect(result.failed).toEqual([]);
    expect(server.requests.filter((r) => r.path === '/flaky')).toHaveLength(2);
    expect(server.requests.filter((r) => r.path === '/left-pad')).toHaveLength(1);
    expect(server.requests[0]!.headers['authorization']).toBe('Bearer npm_secret');
    expect(logger.lines.at(-1)).toMatch(
      /^Registry: 3 package documents from http:\/\/127\.0\.0\.1:\d+, 1 not found\.$/,
    );
    expect(logger.lines.join('\n')).not.toContain('npm_secret');
  });

  it('gives up on a package that stays rate limited, keeping the others', async () => {
    const server = await registry();
    const result = await fetchPackuments(['left-pad', 'limited'], {
      registryUrl: server.url,
      retries: 2,
      retryDelayMs: 5,
    });
    expect(result.failed).toEqual(['limited']);
    expect(result.packuments.has('left-pad')).toBe(true);
    expect(server.requests.filter((r) => r.path === '/limited')).toHaveLength(3);
  });

  it('reports an unreachable registry as an environment error', async () => {
    const port = await closedPort();
    await expect(
      fetchPackuments(['left-pad'], {
        registryUrl: `http://127.0.0.1:${port}`,
        retries: 1,
        retryDelayMs: 5,
      }),
    ).rejects.toBeInstanceOf(EnvironmentError);
  });
});

describe('registry documents in the checks', () => {
  const tree = makeTree(
    [
      { name: 'left-pad', version: '1.3.0', lockfileLine: 12 },
      { name: 'left-pad', version: '1.2.0', location: 'node_modules/x/node_modules/left-pad' },
      { name: '@acme/util', version: '2.0.0' },
    ],
    { lockfileVersion: 1 },
  );

  it('fills what a v1 lockfile lacks: licenses, install scripts, deprecation', async () => {
    const server = await registry();
    const { packuments } = await fetchPackuments(['left-pad', '@acme/util'], {
      registryUrl: server.url,
    });

    const licenses = checkLicenses(
      tree,
      LicensePolicySchema.parse({ allow: ['MIT', 'Apache-2.0'] }),
      {
        packuments,
      },
    );
    expect(
      licenses.findings.map((f) => [
        f.ruleId,
        f.properties?.['versions'],
        f.properties?.['license'],
      ]),
    ).toEqual([['license-not-allowed', ['1.2.0'], ['"WTFPL"']]]);
    expect(licenses.unknown).toEqual([]);

    const findings = checkSupplyChain(tree, SupplyChainPolicySchema.parse({}), {
      offline: false,
      packuments,
    });
    expect(
      findings.map((f) => [f.ruleId, f.properties?.['package'], f.properties?.['versions']]),
    ).toEqual([
      ['install-script-not-allowed', 'left-pad', ['1.3.0']],
      ['deprecated', 'left-pad', ['1.2.0']],
      ['install-script-not-allowed', '@acme/util', ['2.0.0']],
    ]);
  });

  it('reports a maintainer added on the installed version and a version younger than min-age-days', () => {
    const packuments = new Map([
      ['left-pad', LEFT_PAD],
      ['@acme/util', SCOPED],
    ]);
    const policy = SupplyChainPolicySchema.parse({ 'min-age-days': 7 });
    const findings = checkPackuments(tree, packuments, policy, new Date('2026-12-03T12:00:00Z'));
    expect(findings.map((f) => [f.ruleId, f.severity, f.location.startLine])).toEqual([
      ['new-maintainer', 'medium', 12],
      ['recently-published', 'low', 12],
    ]);
    expect(findings[0]!.message).toBe(
      'left-pad 1.3.0 lists mallory as maintainer or publisher, who was not among the maintainers of 1.2.0. Check that the package has not changed hands.',
    );
    expect(findings[1]!.message).toMatch(
      /^left-pad 1\.3\.0 was published 2 days ago \(2026-12-01\), within min-age-days \(7\)/,
    );
    expect(JSON.stringify(findings)).not.toContain('@example');

    const quiet = SupplyChainPolicySchema.parse({
      'min-age-days': 1,
      checks: { 'new-maintainer': false },
    });
    expect(checkPackuments(tree, packuments, quiet, new Date('2026-12-03T12:00:00Z'))).toEqual([]);
  });
});

describe('packumentNamesOf', () => {
  it('lists registry packages once, without links, bundled copies or URLs', async () => {
    const { packumentNamesOf } = await import('../../src/online/packuments.js');
    const tree = makeTree([
      { name: 'b', version: '1.0.0' },
      { name: 'a', version: '1.0.0', resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz' },
      { name: 'a', version: '2.0.0', location: 'node_modules/b/node_modules/a' },
      { name: 'own', version: '1.0.0', link: true },
      { name: 'inner', version: '1.0.0', bundled: true },
      { name: 'git', version: '1.0.0', resolved: 'git+ssh://git@github.com/o/git.git#abc' },
      { name: 'tar', version: '1.0.0', resolved: 'https://github.com/o/tar/tarball/main' },
    ]);
    expect(packumentNamesOf(tree)).toEqual(['a', 'b']);
  });
});
