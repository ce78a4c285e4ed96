import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, cliSource, tempDir, tsxLoader } from './support/run-cli.js';
import { generateAwsKeyId, leakingSource } from './support/secrets.js';

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

/** Runs the CLI with the streams named in `closed` shut before it writes anything. */
function runWithClosed(
  args: string[],
  closed: ('stdout' | 'stderr')[],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, cliSource, ...args], {
      env: baseEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    if (closed.includes('stdout')) child.stdout.destroy();
    else child.stdout.resume();
    if (closed.includes('stderr')) child.stderr.destroy();
    else child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed output pipe', () => {
  it('ends the run quietly with the verdict as exit code', async () => {
    writeFileSync(join(dir.path, 'aws.js'), leakingSource(generateAwsKeyId()));
    const run = await runWithClosed(['secrets', dir.path], ['stdout']);
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(run.code).toBe(1);
  });

  it('still writes the reports when neither stdout nor stderr is read', async () => {
    writeFileSync(join(dir.path, 'notes.txt'), 'nothing secret\n');
    const out = join(dir.path, 'out');
    const run = await runWithClosed(['scan', dir.path, '--out', out], ['stdout', 'stderr']);
    expect(run.code).toBe(0);
    expect(existsSync(join(out, 'summary.md'))).toBe(true);
  });
});
