import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonReportSchema } from '@devsecops/findings';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, repoRoot, runCli, tempDir } from './support/run-cli.js';
import { generateAwsKeyId, leakingSource } from './support/secrets.js';

let savedEnv: NodeJS.ProcessEnv;
let dir: { path: string; remove: () => void };
beforeEach(() => {
  savedEnv = { ...process.env };
  dir = tempDir();
});
afterEach(() => {
  dir.remove();
  process.env = savedEnv;
});

const example = join(repoRoot, 'examples/coach-app');

/** The planted credentials, read from the example's sources (never written in this file). */
function plantedValues(): string[] {
  const config = readFileSync(join(example, 'src/config.ts'), 'utf8');
  const coach = readFileSync(join(example, 'src/coach.ts'), 'utf8');
  return [
    /'(AKIA[A-Z2-7]{16})'/.exec(config)?.[1],
    /SECRET_ACCESS_KEY = '([^']+)'/.exec(config)?.[1],
    /'(sk-ant-api03-[\w-]+)'/.exec(coach)?.[1],
  ].filter((v): v is string => v !== undefined);
}

function readReport(file: string) {
  return JsonReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

describe('devsecops scan', () => {
  it('finds the planted secrets and the vulnerable dependencies of examples/coach-app', async () => {
    const out = join(dir.path, 'reports');
    const run = await runCli([
      'scan',
      example,
      '--out',
      out,
      '--advisories',
      join(example, 'advisories'),
      '--offline',
    ]);
    expect(run.code).toBe(1);
    for (const name of ['secrets.sarif', 'secrets.json', 'deps.sarif', 'deps.json', 'summary.md']) {
      expect(existsSync(join(out, name)), name).toBe(true);
    }
    expect(run.stderr).toContain('Not in this version: sbom, sast, dast.');

    const secrets = readReport(join(out, 'secrets.json')).stages[0]!;
    const secretPlaces = secrets.findings.map((f) => `${f.location.path} ${f.ruleId}`);
    expect(
      secretPlaces.some((p) => /^src\/coach\.ts .*anthropic/.test(p)),
      secretPlaces.join('\n'),
    ).toBe(true);
    expect(
      secretPlaces.some((p) => /^src\/config\.ts aws-access-token$/.test(p)),
      secretPlaces.join('\n'),
    ).toBe(true);
    expect(secretPlaces.filter((p) => p.startsWith('.env.example'))).toEqual([]);
    expect(secrets.passed).toBe(false);

    const deps = readReport(join(out, 'deps.json')).stages[0]!;
    const advisories = new Set(deps.findings.map((f) => f.ruleId));
    for (const id of [
      'GHSA-fjxv-7rqg-78g4',
      'GHSA-qwcr-r2fm-qrc7',
      'GHSA-35jh-r3h4-6jhm',
      'GHSA-rv95-896h-c2vc',
    ]) {
      expect(advisories.has(id), id).toBe(true);
    }
    // The control record (lodash before 4.17.12) does not match lodash 4.17.15.
    expect(advisories.has('GHSA-jf85-cpcp-j695')).toBe(false);
    expect(deps.passed).toBe(false);

    const sarif = JSON.parse(readFileSync(join(out, 'deps.sarif'), 'utf8'));
    expect(sarif.runs[0].automationDetails.id).toBe('devsecops/deps/');

    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('DevSecOps: failed (secrets, deps)');
    expect(summary.match(/^## /gm)).toHaveLength(1);
    // No planted value appears unredacted in any report or output.
    const planted = plantedValues();
    expect(planted).toHaveLength(3);
    for (const name of ['secrets.sarif', 'secrets.json', 'summary.md']) {
      const text = readFileSync(join(out, name), 'utf8');
      for (const value of planted) expect(text).not.toContain(value);
    }
    for (const value of planted) expect(run.stdout + run.stderr).not.toContain(value);
  });

  it('runs only secrets where there is no package.json, and passes a clean folder', async () => {
    writeFileSync(join(dir.path, 'notes.txt'), 'nothing secret\n');
    const out = join(dir.path, 'out');
    const run = await runCli(['scan', dir.path, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('deps: skipped: no package.json or package-lock.json.');
    expect(existsSync(join(out, 'secrets.sarif'))).toBe(true);
    expect(existsSync(join(out, 'deps.sarif'))).toBe(false);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('DevSecOps: passed');
    expect(summary).toContain('| Dependencies | skipped |');
  });

  it('writes the other reports and exits 2 when one stage cannot run', async () => {
    writeFileSync(join(dir.path, 'package.json'), '{"name":"x","version":"1.0.0"}\n');
    writeFileSync(
      join(dir.path, 'package-lock.json'),
      '{"lockfileVersion": 3, "packages": {"": {"name": "x"}}}\n',
    );
    writeFileSync(join(dir.path, 'aws.js'), leakingSource(generateAwsKeyId()));
    const out = join(dir.path, 'out');
    const run = await runCli(['scan', dir.path, '--out', out, '--offline']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: deps: No advisory source/);
    expect(existsSync(join(out, 'secrets.json'))).toBe(true);
    expect(readReport(join(out, 'secrets.json')).stages[0]!.passed).toBe(false);
  });
  it('removes the reports a stage left in an earlier run when it cannot run now', async () => {
    const out = join(dir.path, 'reports');
    const advisories = join(example, 'advisories');
    const first = await runCli(['scan', example, '--out', out, '--advisories', advisories]);
    expect(first.code).toBe(1);
    expect(existsSync(join(out, 'deps.json'))).toBe(true);

    const second = await runCli(['scan', example, '--out', out, '--offline']);
    expect(second.code).toBe(2);
    expect(existsSync(join(out, 'deps.json'))).toBe(false);
    expect(existsSync(join(out, 'deps.sarif'))).toBe(false);
    expect(existsSync(join(out, 'secrets.json'))).toBe(true);
    expect(second.stdout).toMatch(/^deps: could not run: No advisory source/m);
    expect(second.stdout).toContain('✖ Incomplete: deps could not run; failed in secrets.');

    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('DevSecOps: failed (secrets); could not run (deps)');
    expect(summary).toMatch(/^\| Secrets \| \*\*failed\*\*/m);
    expect(summary).toMatch(/^\| Dependencies \| \*\*could not run\*\* \|/m);
    expect(summary).toMatch(/^deps: could not run: No advisory source[^\n]*$/m);
  });

  it.each(['yarn.lock', 'pnpm-lock.yaml'])(
    'skips deps with a note and goes on where the only lockfile is %s',
    async (lockfile) => {
      writeFileSync(join(dir.path, 'package.json'), '{"name":"x","version":"1.0.0"}\n');
      writeFileSync(join(dir.path, lockfile), '# not an npm lockfile\n');
      writeFileSync(join(dir.path, 'aws.js'), leakingSource(generateAwsKeyId()));
      const out = join(dir.path, 'out');
      const run = await runCli(['scan', dir.path, '--out', out, '--offline']);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `deps: skipped: ${lockfile} is not supported yet; only package-lock.json / npm-shrinkwrap.json.`,
      );
      expect(run.stderr).not.toContain('error:');
      expect(readReport(join(out, 'secrets.json')).stages[0]!.passed).toBe(false);
      expect(existsSync(join(out, 'deps.json'))).toBe(false);
      expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('| Dependencies | skipped |');

      // The deps command itself still refuses the folder.
      const deps = await runCli(['deps', dir.path, '--offline']);
      expect(deps.code).toBe(2);
      expect(deps.stderr).toContain(`(found ${lockfile})`);
    },
  );

  it('writes a summary even when no stage could run', async () => {
    writeFileSync(join(dir.path, 'package.json'), '{"name":"x","version":"1.0.0"}\n');
    writeFileSync(join(dir.path, 'package-lock.json'), '{ not json');
    const out = join(dir.path, 'out');
    const run = await runCli(['scan', dir.path, '--out', out, '--offline']);
    expect(run.code).toBe(2);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('## ❌ DevSecOps: could not run (deps)');
    expect(summary).toContain('| Secrets | passed |');
  });
});

describe('npm run pipeline', () => {
  function pipeline(args: string[]) {
    return spawnSync(process.execPath, [join(repoRoot, 'scripts/pipeline.mjs'), ...args], {
      cwd: dir.path,
      env: baseEnv(),
      encoding: 'utf8',
    });
  }

  it('exits 0 when the scan ran, even though it found something, and says the verdict', () => {
    const target = join(dir.path, 'app');
    const out = join(dir.path, 'reports');
    spawnSync('mkdir', ['-p', target]);
    writeFileSync(join(target, 'aws.js'), leakingSource(generateAwsKeyId()));
    const run = pipeline([target, '--out', out]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('verdict failed');
    expect(existsSync(join(out, 'summary.md'))).toBe(true);
  });

  it('exits with the CLI code when the scan could not run', () => {
    const run = pipeline([join(dir.path, 'missing')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('does not exist');
  });
});
