import * as core from '@actions/core';
import { ConfigurationError } from './errors.js';

/** Reads an optional string input; empty means unset. */
export function getOptionalInput(name: string): string | undefined {
  const value = core.getInput(name).trim();
  return value === '' ? undefined : value;
}

/** Reads a boolean input, accepting the YAML 1.2 core spellings; `fallback` when unset. */
export function getBooleanInput(name: string, fallback: boolean): boolean {
  const value = getOptionalInput(name);
  if (value === undefined) return fallback;
  if (/^(true|True|TRUE)$/.test(value)) return true;
  if (/^(false|False|FALSE)$/.test(value)) return false;
  throw new ConfigurationError(`Input "${name}" must be true or false, not "${value}".`);
}
