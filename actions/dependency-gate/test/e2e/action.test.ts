import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_LOCK_V3,
  DEMO_MANIFEST,
  FAKE_INTEGRITY,
  git,
  initRepo,
  osvRecord,
  removeProjects,
  writeFiles,
  writeProject,
} from '../helpers.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '../../dist/index.js');

interface Recorded {
  method: string;
  url: string;
  body: string;
  authorization?: string;
}

/** A stand-in for the GitHub REST API on 127.0.0.1 that records what it is sent. */
async function startApi(): Promise<{ server: Server; url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => resolve(body));
    });
  const server = createServer((req, res) => {
    void read(req).then((body) => {
      requests.push({
        method: req.method!,
        url: req.url!,
        body,
        authorization: req.headers.authorization,
      });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && req.url!.startsWith('/repos/acme/shop/issues/7/comments')) {
        res.end('[]');
      } else if (req.method === 'POST' && req.url === '/repos/acme/shop/issues/7/comments') {
        res.statusCode = 201;
        res.end(JSON.stringify({ id: 99, body: (JSON.parse(body) as { body: string }).body }));
      } else {
        res.statusCode = 404;
        res.end('{"message":"Not Found"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, requests };
}

function runDist(
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
  });
}

/** Parses the GITHUB_OUTPUT file (name<<delimiter blocks). */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
  await removeProjects();
});

beforeAll(() => {
  if (!existsSync(DIST))
    throw new Error('dist/index.js is missing: run npm run build -w @devsecops/dependency-gate');
});

describe('dist/index.js as the runner runs it', () => {
  it('gates a pull request in diff mode: outputs, SARIF, summary and the PR comment', async () => {
    const repo = await writeProject({
      'package.json': DEMO_MANIFEST,
      'package-lock.json': DEMO_LOCK_V3,
      '.github/devsecops.yml': 'deps:\n  mode: diff\n',
      'osv/GHSA-aaaa-aaaa-aaaa.json': osvRecord('GHSA-aaaa-aaaa-aaaa', 'a', '1.0.1', 'CRITICAL'),
      'osv/GHSA-eeee-eeee-eeee.json': osvRecord('GHSA-eeee-eeee-eeee', 'e', '1.0.1', 'HIGH'),
    });
    initRepo(repo);
    const baseSha = git(repo, 'rev-parse', 'HEAD').trim();
    git(repo, 'checkout', '-q', '-b', 'add-e');
    const manifest = {
      ...DEMO_MANIFEST,
      dependencies: { ...DEMO_MANIFEST.dependencies, e: '^1.0.0' },
    };
    const lock = structuredClone(DEMO_LOCK_V3) as unknown as {
      packages: Record<string, Record<string, unknown>>;
    };
    lock.packages['']!['dependencies'] = manifest.dependencies;
    lock.packages['node_modules/e'] = { version: '1.0.0', integrity: FAKE_INTEGRITY };
    await writeFiles(repo, { 'package.json': manifest, 'package-lock.json': lock });
    git(repo, 'commit', '-q', '-am', 'Add e');
    const headSha = git(repo, 'rev-parse', 'HEAD').trim();

    const runner = await writeProject({
      'event.json': {
        action: 'opened',
        number: 7,
        pull_request: {
          number: 7,
          base: { ref: 'main', sha: baseSha },
          head: { ref: 'add-e', sha: headSha },
        },
      },
      'output.txt': '',
      'summary.md': '',
    });
    const api = await startApi();
    servers.push(api.server);

    const { code, stdout } = await runDist(
      {
        GITHUB_WORKSPACE: repo,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(runner, 'event.json'),
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: headSha,
        GITHUB_API_URL: api.url,
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_OUTPUT: join(runner, 'output.txt'),
        GITHUB_STEP_SUMMARY: join(runner, 'summary.md'),
        INPUT_PATH: '.',
        INPUT_ADVISORIES: 'osv',
        'INPUT_FAIL-ON': 'high',
        'INPUT_SARIF-FILE': 'reports/deps.sarif',
        'INPUT_COMMENT-ON-PR': 'always',
        'INPUT_WARN-ONLY': 'false',
        INPUT_OFFLINE: 'true',
        INPUT_TOKEN: 'ghs_e2eTestToken000000000000000000000000',
      },
      repo,
    );

    // Only e@1.0.0 is new; a@1.0.0 was already on main and is not reported in diff mode.
    expect(code).toBe(1);
    expect(stdout).toContain('::error::Deps: 1 finding at or above fail-on: high (1 high)');
    const outputs = parseOutputs(await readFile(join(runner, 'output.txt'), 'utf8'));
    expect(outputs).toMatchObject({
      findings: '1',
      passed: 'false',
      vulnerable: '["e@1.0.0"]',
      denied: '[]',
      'license-violations': '[]',
      'sarif-file': join(repo, 'reports/deps.sarif'),
    });

    const sarif = JSON.parse(await readFile(join(repo, 'reports/deps.sarif'), 'utf8')) as {
      runs: {
        automationDetails: { id: string };
        results: {
          ruleId: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(sarif.runs[0]!.automationDetails.id).toBe('devsecops/deps/');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(['GHSA-eeee-eeee-eeee']);
    const loc = sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation;
    expect(loc.artifactLocation.uri).toBe('package-lock.json');
    const lockLines = (await readFile(join(repo, 'package-lock.json'), 'utf8')).split('\n');
    expect(lockLines[loc.region.startLine - 1]).toContain('"node_modules/e": {');

    const summary = await readFile(join(runner, 'summary.md'), 'utf8');
    expect(summary).toContain('GHSA-eeee-eeee-eeee');
    expect(summary).not.toContain('GHSA-aaaa-aaaa-aaaa');
    expect(summary).toContain(
      '| Package | Installed | Advisory | Severity | Path | Fixed in | Parent allows fix |',
    );
    expect(summary).toContain('| e | 1.0.0 |');

    const posted = api.requests.find((r) => r.method === 'POST');
    expect(posted?.url).toBe('/repos/acme/shop/issues/7/comments');
    expect(posted?.authorization).toBe('token ghs_e2eTestToken000000000000000000000000');
    const body = (JSON.parse(posted!.body) as { body: string }).body;
    expect(body).toContain('<!-- devsecops:deps -->');
    expect(body).toContain('GHSA-eeee-eeee-eeee');
    expect(stdout).not.toContain('ghs_e2eTestToken000000000000000000000000');
  });

  it('fails with one line naming the problem on a corrupt lockfile', async () => {
    const repo = await writeProject({
      'package.json': DEMO_MANIFEST,
      'package-lock.json': JSON.stringify(DEMO_LOCK_V3).slice(0, 150),
      'osv/a.json': osvRecord('GHSA-aaaa-aaaa-aaaa', 'a', '1.0.1'),
    });
    const output = join(repo, 'out.txt');
    await writeFile(output, '');
    const { code, stdout } = await runDist(
      {
        GITHUB_WORKSPACE: repo,
        GITHUB_OUTPUT: output,
        INPUT_ADVISORIES: 'osv',
        INPUT_OFFLINE: 'true',
      },
      repo,
    );
    expect(code).toBe(1);
    const errors = stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /package-lock\.json is not valid JSON.*npm install --package-lock-only/,
    );
  });

  it('fails closed when no advisory source is given', async () => {
    const repo = await writeProject({
      'package.json': DEMO_MANIFEST,
      'package-lock.json': DEMO_LOCK_V3,
    });
    const { code, stdout } = await runDist({ GITHUB_WORKSPACE: repo, INPUT_OFFLINE: 'true' }, repo);
    expect(code).toBe(1);
    expect(stdout).toMatch(/::error::No advisory source answered/);
  });
});
