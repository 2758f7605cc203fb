// End-to-end tests run against moto_server. Without it they skip with a message,
// except under CI=true, where a missing emulator is a failure.

import { motoAvailable, startMoto as start, type Moto } from '../../scripts/moto.js';

export const hasMoto = motoAvailable();
export const runE2e = hasMoto || process.env.CI === 'true';

if (!runE2e) {
  console.warn('moto_server not found: end-to-end tests against the AWS emulator are SKIPPED (install moto[server] 5.2 to run them).');
}

export async function startMoto(): Promise<Moto> {
  if (!hasMoto) throw new Error('moto_server is not installed, and CI=true requires the end-to-end tests to run');
  return start();
}

export const awsEnv = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
