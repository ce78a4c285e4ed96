import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ConfigurationError, EnvironmentError } from '@devsecops/action-kit';

const run = promisify(execFile);

/** The line by which a pre-commit hook is known to be ours (and safe to replace). */
export const HOOK_MARKER = '# devsecops-secrets pre-commit hook';

async function git(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd });
    return stdout.trim();
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new EnvironmentError(
        'git is not installed or not on PATH; install git to use the pre-commit hook.',
      );
    }
    throw new ConfigurationError(
      `"${cwd}" is not inside a git repository (${(e.stderr ?? e.message).trim().split('\n')[0]}). Run git init first, or give the repository's path.`,
    );
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line that re-runs this very CLI: node, the loader flags it was started with (so a
 * CLI run from source keeps its TypeScript loader) and the script.
 */
export function currentCliCommand(): string[] {
  const keep: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--import' || a === '--require' || a === '--loader' || a === '-r') {
      if (argv[i + 1] !== undefined) keep.push(a, argv[++i]!);
    } else if (/^--(import|require|loader)=/.test(a)) {
      keep.push(a);
    }
  }
  return [process.execPath, ...keep, resolve(process.argv[1] ?? '')];
}

/**
 * The hook script. It prefers the repository's own devDependency, then a `devsecops` on PATH
 * (a global install), then the CLI that installed the hook; so it keeps working when the
 * repository moves and when npx's cache is cleared, as long as one of them is there.
 */
export function hookScript(fallback: readonly string[]): string {
  const script = fallback[fallback.length - 1]!;
  return `#!/bin/sh
${HOOK_MARKER}: blocks commits that add secrets.
# Written by "devsecops secrets install-hook"; rerun it to update this file.
# Bypass once (after checking the findings): git commit --no-verify
root="$(git rev-parse --show-toplevel)" || exit 2
if [ -x "$root/node_modules/.bin/devsecops" ]; then
  exec "$root/node_modules/.bin/devsecops" secrets --staged "$root"
elif command -v devsecops >/dev/null 2>&1; then
  exec devsecops secrets --staged "$root"
elif [ -f ${shellQuote(script)} ]; then
  exec ${fallback.map(shellQuote).join(' ')} secrets --staged "$root"
else
  echo "devsecops pre-commit hook: the devsecops CLI was not found. Install it (npm i -D @devsecops/cli) or remove $0." >&2
  exit 2
fi
`;
}

/** Options of {@link installHook}. */
export interface InstallHookOptions {
  /** A folder inside the repository. */
  root: string;
  /** Replace a hook that is not ours (kept as a backup). */
  force: boolean;
  /** The command that runs this CLI, for the hook's last resort. */
  command?: string[];
}

/**
 * Writes the pre-commit hook into the repository's hooks folder (core.hooksPath when set).
 * A hook that devsecops did not write is left alone unless `force`.
 */
export async function installHook(
  options: InstallHookOptions,
): Promise<{ path: string; backup?: string }> {
  const top = await git(['rev-parse', '--show-toplevel'], options.root);
  // --git-path honours core.hooksPath and linked worktrees; the result is relative to `top`.
  const hooksDir = await git(['rev-parse', '--git-path', 'hooks'], top);
  const dir = isAbsolute(hooksDir) ? hooksDir : resolve(top, hooksDir);
  const path = join(dir, 'pre-commit');

  let existing: string | undefined;
  try {
    existing = await readFile(path, 'utf8');
  } catch {
    existing = undefined;
  }
  let backup: string | undefined;
  if (existing !== undefined && !existing.includes(HOOK_MARKER)) {
    if (!options.force) {
      throw new ConfigurationError(
        `${path} already exists and was not written by devsecops. Add "devsecops secrets --staged" to it yourself, or rerun with --force to replace it (the old hook is kept as pre-commit.local).`,
      );
    }
    backup = `${path}.local`;
    await rename(path, backup);
  }

  await mkdir(dir, { recursive: true });
  await writeFile(path, hookScript(options.command ?? currentCliCommand()));
  await chmod(path, 0o755);
  return { path, backup };
}
