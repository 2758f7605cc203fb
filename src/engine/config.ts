// Reads the config file: check tunables over their defaults, and the SLA policy.

import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, type CheckConfig } from '../model/check-config.js';
import { DEFAULT_SLA, type SlaPolicy } from '../model/sla.js';
import { InputFileError, validateInput } from './validate-input.js';

export class ConfigError extends Error {}

interface ConfigFile {
  checks?: Partial<CheckConfig>;
  sla?: Partial<SlaPolicy>;
}

function readConfigFile(path: string): ConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read config ${path}: ${(err as Error).message}`);
  }
  try {
    return validateInput<ConfigFile>('config', raw, path);
  } catch (err) {
    if (err instanceof InputFileError) throw new ConfigError(err.message);
    throw err;
  }
}

/** Reads a JSON config file: { "checks": { ...CheckConfig overrides } }, validated against its schema. */
export function loadConfig(path: string | undefined): CheckConfig {
  if (!path) return DEFAULT_CONFIG;
  return { ...DEFAULT_CONFIG, ...readConfigFile(path).checks };
}

/** The remediation deadlines ("sla" in the config file), over the defaults. */
export function loadSlaPolicy(path: string | undefined): SlaPolicy {
  if (!path) return DEFAULT_SLA;
  return { ...DEFAULT_SLA, ...readConfigFile(path).sla };
}
