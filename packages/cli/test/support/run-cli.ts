import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
/** The CLI's entry point, run from source through tsx. */
export const cliSource = join(repoRoot, 'packages/cli/src/index.ts');
/** The committed bundle. */
export const cliBundle = join(repoRoot, 'packages/cli/dist/index.js');
/** tsx's loader, by absolute URL so that any working directory works. */
export const tsxLoader = import.meta.resolve('tsx');

/** What a CLI run produced. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunOptions {
  cwd?: string;
  /** The environment, replacing (not extending) the test process's. */
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Run the committed bundle instead of the sources. */
  bundle?: boolean;
}

/** A clean environment: no colour settings, no CI or GitHub variables leaking into the run. */
export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
  };
  const defined = Object.entries(env).filter(([, v]) => v !== undefined);
  return { ...Object.fromEntries(defined), ...extra };
}

/** Runs `devsecops <args>` as a real process. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const entry = options.bundle ? [cliBundle] : ['--import', tsxLoader, cliSource];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? baseEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A temporary folder removed by the returned function. */
export function tempDir(prefix = 'devsecops-cli-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
