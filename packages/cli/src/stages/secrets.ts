import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@devsecops/action-kit';
import type { ScanTarget } from '@devsecops/secrets-scan';
import type { Command } from 'commander';
import { createContext, type CommonOptions } from '../context.js';
import { installHook } from '../hook.js';
import { loadEngine } from './load-engine.js';
import { resolveConfig, resolveTarget } from '../paths.js';
import { parseRange } from './git-range.js';
import type { StageDefinition, StageRunInput } from './types.js';

/**
 * The built-in rules. Written as a literal URL so that the bundler copies the file next to the
 * bundle (under a content-hashed name); from source it is the repository's own file.
 */
const BUILTIN_RULES = new URL('../../../../configs/secrets/rules.toml', import.meta.url);

/** The rules file to give the engine; its own DEVSECOPS_SECRETS_RULES override wins when set. */
function rulesPath(env: NodeJS.ProcessEnv): string | undefined {
  if (env['DEVSECOPS_SECRETS_RULES']) return undefined;
  const path = fileURLToPath(BUILTIN_RULES);
  return existsSync(path) ? path : undefined;
}

/**
 * The engine, loaded when a secrets command runs rather than at start-up: every command pays
 * for what it uses only, which keeps the pre-commit hook quick.
 */
const loadSecretsEngine = () => loadEngine(() => import('@devsecops/secrets-scan'));

interface SecretsOptions {
  staged?: boolean;
  range?: string;
  history?: boolean;
  stdin?: boolean;
  /** False with `--no-gitignore`. */
  gitignore?: boolean;
  baseline?: string;
  gitleaksConfig?: string;
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Builds the scan target from the mutually exclusive target flags. */
async function targetFor(
  root: string,
  o: SecretsOptions,
  stdin: NodeJS.ReadStream,
): Promise<ScanTarget> {
  const chosen = (['staged', 'range', 'history', 'stdin'] as const).filter(
    (k) => o[k] !== undefined && o[k] !== false,
  );
  if (chosen.length > 1) {
    throw new ConfigurationError(
      `Choose one of --staged, --range, --history and --stdin; got ${chosen.map((k) => `--${k}`).join(' and ')}.`,
    );
  }
  if (o.stdin) {
    if (stdin.isTTY) {
      throw new ConfigurationError(
        '--stdin reads standard input, which is a terminal here: pipe the text in (cat file | devsecops secrets --stdin).',
      );
    }
    return { kind: 'stdin', name: 'stdin', text: await readAll(stdin) };
  }
  if (o.staged) return { kind: 'staged', root };
  if (o.range !== undefined) return { kind: 'range', root, ...parseRange(o.range) };
  if (o.history) return { kind: 'history', root };
  return { kind: 'dir', root, noGitignore: o.gitignore === false };
}

async function runSecrets(input: StageRunInput) {
  const o = input.options as SecretsOptions;
  const target = await targetFor(input.root, o, input.ctx.term.stdin);
  const bar = input.ctx.progress(
    target.kind === 'range' || target.kind === 'history' ? 'commits' : 'files',
  );
  const { runSecretsScan } = await loadSecretsEngine();
  try {
    return await runSecretsScan(
      {
        target,
        cwd: input.root,
        configPath: input.configPath,
        gitleaksConfigPath: o.gitleaksConfig === undefined ? undefined : resolve(o.gitleaksConfig),
        baselinePath: o.baseline === undefined ? undefined : resolve(o.baseline),
        failOn: input.failOn,
        rulesPath: rulesPath(input.ctx.term.env),
        onProgress: (done, total) => bar.update(done, total),
      },
      input.ctx.logger,
    );
  } finally {
    bar.stop();
  }
}

/** `devsecops secrets`: credentials in a folder, staged changes, a commit range, history or stdin. */
export const secretsStage: StageDefinition = {
  stage: 'secrets',
  summary: 'Find credentials in a folder, the staged changes, a commit range, all history or stdin',
  configure(command: Command, helpers) {
    command
      .option('--staged', 'scan the lines added in the staged changes (pre-commit)')
      .option('--range <A..B>', 'scan the lines added by the commits in B that are not in A')
      .option('--history', 'scan every commit on every ref')
      .option('--stdin', 'scan standard input')
      .option('--no-gitignore', 'also scan files that .gitignore excludes')
      .option('--baseline <file>', 'ignore the findings recorded in this baseline')
      .option(
        '--gitleaks-config <file>',
        'also use the rules and allowlists of a gitleaks TOML config',
      );

    const baseline = command
      .command('baseline')
      .description('Record the current findings in a baseline file so that only new ones fail')
      .argument('[path]', 'folder to scan', '.')
      .option(
        '--output <file>',
        'where to write the baseline (default: <path>/.secrets-baseline.json)',
      )
      .option('--no-gitignore', 'also scan files that .gitignore excludes')
      .option(
        '--gitleaks-config <file>',
        'also use the rules and allowlists of a gitleaks TOML config',
      );
    helpers.addBaseOptions(baseline);
    baseline.action(
      helpers.action(
        async (path: string, options: CommonOptions & SecretsOptions & { output?: string }) => {
          const ctx = createContext(helpers.term, options);
          const root = resolveTarget(path);
          const outputPath = resolve(options.output ?? resolve(root, '.secrets-baseline.json'));
          const { writeBaseline } = await loadSecretsEngine();
          const written = await writeBaseline(
            {
              target: { kind: 'dir', root, noGitignore: options.gitignore === false },
              cwd: root,
              configPath: resolveConfig(options.config),
              gitleaksConfigPath:
                options.gitleaksConfig === undefined ? undefined : resolve(options.gitleaksConfig),
              outputPath,
              rulesPath: rulesPath(helpers.term.env),
            },
            ctx.logger,
          );
          ctx.print(
            `Wrote ${written.count} ${written.count === 1 ? 'finding' : 'findings'} to the baseline ${written.path}.`,
          );
          return 0;
        },
      ),
    );

    const hook = command
      .command('install-hook')
      .description('Install a git pre-commit hook that blocks commits adding secrets')
      .argument('[path]', 'repository', '.')
      .option(
        '--force',
        'replace a pre-commit hook that devsecops did not write (it is kept as a backup)',
      );
    helpers.addBaseOptions(hook);
    hook.action(
      helpers.action(async (path: string, options: CommonOptions & { force?: boolean }) => {
        const ctx = createContext(helpers.term, options);
        const installed = await installHook({
          root: resolveTarget(path),
          force: options.force === true,
        });
        if (installed.backup) ctx.logger.info(`Kept the previous hook as ${installed.backup}.`);
        ctx.print(
          `Installed the pre-commit hook at ${installed.path}: commits that add secrets are now blocked (bypass once with git commit --no-verify).`,
        );
        return 0;
      }),
    );
  },
  run: runSecrets,
};
