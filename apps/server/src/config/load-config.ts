import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { type ParleyConfig, ParleyConfigSchema } from './config-schema.js';

/** A configuration that failed validation; `message` lists every problem with its path. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates a configuration object, filling in defaults.
 * @example parseConfig({ sites: [...], bots: [...] }).sites[0].idleTimeoutSeconds // 1800
 */
export function parseConfig(input: unknown, source = 'config'): ParleyConfig {
  const result = v.safeParse(ParleyConfigSchema, input);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => {
    const path = v.getDotPath(issue);
    return `  - ${source}${path ? `.${path}` : ''}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid Parley configuration:\n${problems.join('\n')}`);
}

/** Reads and validates a JSON configuration file (`PARLEY_CONFIG`). */
export async function loadConfigFile(path: string): Promise<ParleyConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the configuration file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The configuration file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(json, path);
}
