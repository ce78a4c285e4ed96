import { resolve } from 'node:path';
import {
  ConfigurationError,
  describeError,
  EnvironmentError,
  ExitCode,
  exitCodeFor,
  parseThreshold,
  plural,
} from '@devsecops/action-kit';
import type { StageResult } from '@devsecops/findings';
import { Command, CommanderError, Option } from 'commander';
import { createContext, type CliContext, type CommonOptions } from './context.js';
import { renderFindingsTable, renderStageLine, renderVerdict } from './output.js';
import { resolveConfig, resolveTarget } from './paths.js';
import {
  jsonText,
  notRunLine,
  removeReportFiles,
  sarifText,
  summaryText,
  writeReportFile,
  type StageNotRun,
} from './reports.js';
import { STAGE_REGISTRY } from './stages/registry.js';
import type { CommandHelpers, StageDefinition } from './stages/types.js';
import type { Terminal } from './terminal.js';
import { VERSION } from './version.js';

/** Options of `devsecops scan`. */
interface ScanOptions extends CommonOptions {
  out: string;
  advisories?: string[];
  npmAudit?: string;
  offline?: boolean;
}

/** The real process streams and environment. */
export function processTerminal(): Terminal {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Runs the CLI with `argv` (as `process.argv`: node, script, args...); resolves to the exit code. */
export async function main(
  argv: readonly string[],
  term: Terminal = processTerminal(),
): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const helpers: CommandHelpers = {
    term,
    addBaseOptions,
    action:
      (fn) =>
      async (...args) => {
        exitCode = await fn(...args);
      },
  };
  const program = buildProgram(term, helpers);

  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with exit code 0; every other parse error is a usage error.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    term.stderr.write(`error: ${describeError(error)}\n`);
    const known = error instanceof ConfigurationError || error instanceof EnvironmentError;
    if (!known && argv.includes('--verbose') && error instanceof Error && error.stack) {
      term.stderr.write(`${error.stack}\n`);
    }
    return exitCodeFor(error);
  }
}

function buildProgram(term: Terminal, helpers: CommandHelpers): Command {
  const program = new Command('devsecops')
    .description(
      'Run the DevSecOps stages (secrets, deps, sbom, sast, dast) on a folder or repository.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpCommand(false)
    .showSuggestionAfterError(true);
  configureParsing(program, term);

  for (const def of STAGE_REGISTRY) {
    const command = program
      .command(def.stage)
      .description(def.run ? def.summary : `${def.summary} (not available in this version)`)
      .argument('[path]', 'folder to scan', '.');
    addReportOptions(command);
    addBaseOptions(command);
    def.configure?.(command, helpers);
    command.action(
      helpers.action(async (path: string, options: CommonOptions & Record<string, unknown>) =>
        runStageCommand(def, path, options, term),
      ),
    );
  }

  const scan = program
    .command('scan')
    .description(
      'Run every stage that applies to the folder and write reports/ (SARIF, JSON, summary.md)',
    )
    .argument('[path]', 'folder to scan', '.')
    .option('--out <dir>', 'where to write the reports', 'reports')
    .option(
      '--fail-on <severity>',
      'fail at or above this severity (critical, high, medium, low, info)',
    )
    .option('--advisories <dir|zip...>', 'deps: OSV advisory folders or zip files to match offline')
    .option('--npm-audit <file>', 'deps: read findings from an npm audit --json report')
    .option('--offline', 'deps: use only local advisories, never the network');
  addBaseOptions(scan);
  scan.action(
    helpers.action(async (path: string, options: ScanOptions) => runScan(path, options, term)),
  );

  // Every command shares the parse settings, so usage errors everywhere exit with code 2.
  for (const command of allCommands(program)) configureParsing(command, term);
  return program;
}

function* allCommands(command: Command): Generator<Command> {
  yield command;
  for (const sub of command.commands) yield* allCommands(sub);
}

function configureParsing(command: Command, term: Terminal): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (s) => term.stdout.write(s),
    writeErr: (s) => term.stderr.write(s),
    // One line per usage error: the message, the suggestion, where to read more.
    outputError: (s, write) => {
      const text = s
        .trim()
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' ');
      write(`${text.replace(/[.]?$/, '.')} See devsecops ${commandPath(command)}--help.\n`);
    },
  });
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.length > 0 ? `${names.join(' ')} ` : '';
}

/** `--config`, `--quiet`, `--verbose`, `--no-color`: taken by every command. */
function addBaseOptions(command: Command): Command {
  return command
    .option('--config <file>', 'policy file (default: .github/devsecops.yml in the scanned folder)')
    .addOption(new Option('-q, --quiet', 'print only failures and errors').conflicts('verbose'))
    .option('--verbose', 'print debug lines, and stack traces of unexpected errors')
    .option('--no-color', 'never colour the output');
}

function addReportOptions(command: Command): void {
  command
    .option('--sarif <file>', 'write a SARIF 2.1.0 report')
    .option('--json <file>', 'write the JSON report')
    .option(
      '--fail-on <severity>',
      'fail at or above this severity (critical, high, medium, low, info)',
    );
}

function notAvailable(def: StageDefinition): never {
  throw new ConfigurationError(
    `devsecops ${def.stage} is not available in this version (${VERSION}); available stages: ${STAGE_REGISTRY.filter(
      (d) => d.run,
    )
      .map((d) => d.stage)
      .join(', ')}.`,
  );
}

async function runStageCommand(
  def: StageDefinition,
  path: string,
  options: CommonOptions & Record<string, unknown>,
  term: Terminal,
): Promise<number> {
  if (!def.run) notAvailable(def);
  const ctx = createContext(term, options);
  const failOn =
    options.failOn === undefined ? undefined : parseThreshold(options.failOn, '--fail-on');
  const root = resolveTarget(path);
  const configPath = resolveConfig(options.config);

  const result = await def.run({ root, configPath, failOn, options, ctx });

  if (options.sarif) await writeSarif(options.sarif, [result], ctx);
  if (options.json) {
    const file = await writeReportFile(options.json, jsonText([result]));
    ctx.logger.info(`Wrote the JSON report to ${file}.`);
  }
  printResults([result], ctx);
  return result.passed ? ExitCode.Ok : ExitCode.PolicyFailure;
}

async function writeSarif(file: string, results: StageResult[], ctx: CliContext): Promise<void> {
  const { text, dropped } = sarifText(results);
  const path = await writeReportFile(file, text);
  ctx.logger.info(`Wrote the SARIF report to ${path}.`);
  if (dropped > 0) {
    ctx.logger.warning(
      `The SARIF report dropped the ${plural(dropped, 'least severe result')} to stay within code scanning's limits.`,
    );
  }
}

/** Prints the findings table, one line per stage and the verdict (only failures when quiet). */
function printResults(
  results: readonly StageResult[],
  ctx: CliContext,
  notRun: readonly StageNotRun[] = [],
): void {
  const width = ctx.term.stdout.isTTY ? ctx.term.stdout.columns : undefined;
  const failed =
    results.some((r) => !r.passed) || notRun.some((n) => n.outcome === 'could not run');
  if (ctx.quiet && !failed) return;
  for (const result of results) {
    if (ctx.quiet && result.passed) continue;
    if (results.length > 1) ctx.print(ctx.colors.bold(`── ${result.stage} ──`));
    if (result.findings.length > 0) {
      ctx.print(renderFindingsTable(result.findings, { colors: ctx.colors, width }));
      ctx.print('');
    }
    if (!ctx.quiet) for (const note of result.notes) ctx.print(ctx.colors.dim(note));
    if (results.length > 1) ctx.print('');
  }
  for (const result of results) {
    if (!ctx.quiet || !result.passed) ctx.print(renderStageLine(result, ctx.colors));
  }
  for (const n of notRun) {
    if (!ctx.quiet || n.outcome === 'could not run') ctx.print(notRunLine(n));
  }
  ctx.print(renderVerdict(results, ctx.colors, notRun));
}

async function runScan(path: string, options: ScanOptions, term: Terminal): Promise<number> {
  const ctx = createContext(term, options);
  const failOn =
    options.failOn === undefined ? undefined : parseThreshold(options.failOn, '--fail-on');
  const root = resolveTarget(path);
  const configPath = resolveConfig(options.config);

  const results: StageResult[] = [];
  const notRun: StageNotRun[] = [];
  let firstError: unknown;
  const unavailable = STAGE_REGISTRY.filter((d) => !d.run).map((d) => d.stage);
  for (const def of STAGE_REGISTRY) {
    if (!def.run) continue;
    const applies = def.applies ? await def.applies(root) : true;
    if (applies !== true) {
      // Listed with the results, as `deps: skipped: <why>`.
      notRun.push({ stage: def.stage, outcome: 'skipped', reason: applies });
      continue;
    }
    try {
      // Stage options `scan` takes; each stage reads only its own.
      const stageOptions = {
        advisories: options.advisories,
        npmAudit: options.npmAudit,
        offline: options.offline === true,
      };
      results.push(await def.run({ root, configPath, failOn, options: stageOptions, ctx }));
    } catch (error) {
      // One stage that cannot run does not hide the others' results; its error sets the exit code.
      firstError ??= error;
      const reason = describeError(error).split('\n')[0]!.trim();
      notRun.push({ stage: def.stage, outcome: 'could not run', reason });
      ctx.logger.error(`${def.stage}: ${describeError(error)}`);
      if (ctx.verbose && error instanceof Error && error.stack) ctx.logger.debug(error.stack);
    }
  }
  if (unavailable.length > 0) {
    ctx.logger.info(`Not in this version: ${unavailable.join(', ')}.`);
  }

  const out = resolve(options.out);
  for (const result of results) {
    await writeReportFile(resolve(out, `${result.stage}.sarif`), sarifText([result]).text);
    await writeReportFile(resolve(out, `${result.stage}.json`), jsonText([result]));
  }
  // Reports of an earlier run must not pass for this run's results of a stage that did not run.
  for (const n of notRun) await removeReportFiles(out, n.stage);
  if (results.length > 0 || notRun.length > 0) {
    await writeReportFile(resolve(out, 'summary.md'), summaryText(results, notRun));
    const files = [...results.map((r) => `${r.stage}.sarif, ${r.stage}.json`), 'summary.md'];
    ctx.logger.info(`Wrote ${files.join(', ')} to ${out}.`);
    printResults(results, ctx, notRun);
  }

  if (firstError !== undefined) return exitCodeFor(firstError);
  return results.every((r) => r.passed) ? ExitCode.Ok : ExitCode.PolicyFailure;
}
