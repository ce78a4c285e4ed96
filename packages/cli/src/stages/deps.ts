import { resolve } from 'node:path';
import { ConfigurationError } from '@devsecops/action-kit';
import type { DependencyScope } from '@devsecops/dependency-gate';
import { loadEngine } from './load-engine.js';
import type { StageDefinition, StageRunInput } from './types.js';

/** The gate (with arborist), loaded only when a command needs it. */
const loadGate = () => loadEngine(() => import('@devsecops/dependency-gate'));

interface DepsOptions {
  advisories?: string[];
  npmAudit?: string;
  base?: string;
  mode?: string;
  offline?: boolean;
  scopes?: string;
}

const SCOPES: readonly DependencyScope[] = ['runtime', 'development', 'optional', 'peer'];

function parseScopes(value: string | undefined): DependencyScope[] | undefined {
  if (value === undefined) return undefined;
  const scopes = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length > 0 || scopes.length === 0) {
    throw new ConfigurationError(
      `--scopes takes a comma-separated list of ${SCOPES.join(', ')}; got "${value}".`,
    );
  }
  return scopes as DependencyScope[];
}

function parseMode(
  value: string | undefined,
  base: string | undefined,
): 'full' | 'diff' | undefined {
  if (value === undefined) return base === undefined ? undefined : 'diff';
  if (value !== 'full' && value !== 'diff') {
    throw new ConfigurationError(`--mode must be full or diff; got "${value}".`);
  }
  if (value === 'diff' && base === undefined) {
    throw new ConfigurationError('--mode diff compares with a base revision: add --base <ref>.');
  }
  return value;
}

async function runDeps(input: StageRunInput) {
  const o = input.options as DepsOptions;
  const env = input.ctx.term.env;
  const mode = parseMode(o.mode, o.base);
  const scopes = parseScopes(o.scopes);
  const { runDependencyGate } = await loadGate();
  return runDependencyGate(
    {
      cwd: input.root,
      path: '.',
      configPath: input.configPath,
      advisories: o.advisories?.map((a) => resolve(a)),
      npmAuditReport: o.npmAudit === undefined ? undefined : resolve(o.npmAudit),
      mode,
      baseRef: o.base,
      failOn: input.failOn,
      scopes,
      offline: o.offline === true,
      token: env.GITHUB_TOKEN || env.GH_TOKEN || undefined,
      apiUrl: env.GITHUB_API_URL || undefined,
    },
    input.ctx.logger,
  );
}

/** `devsecops deps`: known-vulnerable, unlicensed or suspicious dependencies in the lockfile. */
export const depsStage: StageDefinition = {
  stage: 'deps',
  summary: 'Check the lockfile for known-vulnerable dependencies, licenses and supply-chain risks',
  configure(command) {
    command
      .option('--advisories <dir|zip...>', 'OSV advisory folders or zip files to match offline')
      .option('--npm-audit <file>', 'read findings from an npm audit --json report')
      .option('--base <ref>', 'compare with this revision and report only what changed')
      .option('--mode <mode>', 'full (every dependency) or diff (only what changed since --base)')
      .option('--offline', 'use only local advisories, never the network')
      .option('--scopes <list>', 'dependency scopes to check: runtime,development,optional,peer');
  },
  async applies(root) {
    // A package.json without a lockfile is the gate's to judge (it reports the missing lockfile).
    const { detectLockfile } = await loadGate();
    const found = await detectLockfile(root);
    if (!found.npm && found.others.length > 0) {
      // Limitation: only npm lockfiles are read; `devsecops deps` says so with exit 2.
      return `${found.others.join(', ')} ${found.others.length === 1 ? 'is' : 'are'} not supported yet; only package-lock.json / npm-shrinkwrap.json.`;
    }
    return found.npm || found.hasManifest ? true : 'no package.json or package-lock.json.';
  },
  run: runDeps,
};
