/** Exit codes of the CLI, also the outcome classes of the actions. */
export const ExitCode = {
  /** Nothing at or above the threshold. */
  Ok: 0,
  /** A policy failure: findings at or above the threshold, or an expired exception. */
  PolicyFailure: 1,
  /** A usage, configuration or input error the user can fix. */
  Usage: 2,
  /** The environment failed: git missing, network down, a tool crashed. */
  Environment: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake the user can fix (bad input, config, lockfile, report). Its message says how. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** The environment failed (a missing binary, the network, a crashed tool): exit code 3. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/** The exit code for an error thrown by a stage: 2 for user mistakes, 3 for everything else. */
export function exitCodeFor(error: unknown): ExitCode {
  return error instanceof ConfigurationError ? ExitCode.Usage : ExitCode.Environment;
}

/** A one-line message for an error; bugs keep their stack for debug output. */
export function describeError(error: unknown): string {
  if (error instanceof ConfigurationError || error instanceof EnvironmentError)
    return error.message;
  if (error instanceof Error) return `Unexpected error: ${error.message}`;
  return `Unexpected error: ${String(error)}`;
}
