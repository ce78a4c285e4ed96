import type { Severity, Stage, StageResult } from '@devsecops/findings';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { Terminal } from '../terminal.js';

/** What a stage's run receives: the resolved target and the options the user gave. */
export interface StageRunInput {
  /** Absolute folder to scan. */
  root: string;
  /** Absolute policy file path, or undefined for the scanned folder's `.github/devsecops.yml`. */
  configPath?: string;
  /** `--fail-on`, when given: overrides the policy. */
  failOn?: Severity;
  /** The stage's own parsed options (empty when run from `scan`). */
  options: Record<string, unknown>;
  ctx: CliContext;
}

/**
 * One entry of the stage registry. Adding a stage to the CLI is adding one of these: its
 * command, its place in `scan` and its report files follow from it.
 */
export interface StageDefinition {
  stage: Stage;
  /** One line for `--help`. */
  summary: string;
  /** Adds the stage's own options (and subcommands) to its command. */
  configure?(command: Command, helpers: CommandHelpers): void;
  /** True when `devsecops scan` should run the stage on `root`; a string says why not. */
  applies?(root: string): Promise<true | string>;
  /** Runs the stage. Absent while the stage is not available in the CLI. */
  run?(input: StageRunInput): Promise<StageResult>;
}

/** What the registry gives stages that add subcommands of their own. */
export interface CommandHelpers {
  /** The streams and environment the program runs with. */
  term: Terminal;
  /** Adds the options every command takes (`--config`, `--quiet`, `--verbose`, `--no-color`). */
  addBaseOptions(command: Command): Command;
  /** Wraps an action so that its exit code is recorded and its errors reported alike. */
  action<A extends unknown[]>(fn: (...args: A) => Promise<number>): (...args: A) => Promise<void>;
}
