// Prints a digest of every report incloud writes for saved snapshots, with the values that
// change from run to run (generation time, evaluation time) normalised, so that a refactoring
// can show it changed no byte of any report: run it before and after and compare the lines.
//   npm run build && node dist/scripts/report-digest.js examples/demo-snapshot.json [more.json ...]
// With --keep DIR the normalised files are kept there for a diff; --suppressions FILE and
// --config FILE and --db STORE are passed on to the evaluation.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PACKAGE_ROOT } from '../src/version.js';

const FORMATS = 'json,html,csv,sarif,ocsf';

function normalise(text: string, generatedAt: string): string {
  return text
    .split(generatedAt)
    .join('GENERATED-AT')
    .split(String(Date.parse(generatedAt)))
    .join('GENERATED-AT-MS')
    .replace(/("writtenAt":\s*)"[^"]*"/g, '$1"WRITTEN-AT"')
    .replace(/("sha256":\s*)"[0-9a-f]{64}"/g, '$1"SHA256"')
    .replace(/("evaluateMs":\s*)\d+/g, '$10')
    .replace(/(evaluate(?:d in)?\s*)\d+(\s*ms)/g, '$10$2');
}

function digest(snapshot: string, extraArgs: string[], keep?: string): string[] {
  const out = mkdtempSync(join(tmpdir(), 'incloud-digest-'));
  try {
    const run = spawnSync(
      process.execPath,
      [join(PACKAGE_ROOT, 'bin/incloud.js'), 'evaluate', snapshot, '--out', out, '--format', FORMATS, '-q', ...extraArgs],
      {
        encoding: 'utf8',
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    const lines = [`${basename(snapshot)}: exit ${run.status}`];
    const generatedAt = (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { generatedAt: string }).generatedAt;
    for (const name of readdirSync(out).sort()) {
      if (name.startsWith('.')) continue;
      const text = normalise(readFileSync(join(out, name), 'utf8'), generatedAt);
      if (keep) {
        mkdirSync(join(keep, basename(snapshot)), { recursive: true });
        writeFileSync(join(keep, basename(snapshot), name), text);
      }
      lines.push(`  ${createHash('sha256').update(text).digest('hex').slice(0, 16)}  ${String(text.length).padStart(9)}  ${name}`);
    }
    return lines;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const keep = option('--keep');
// Passed on to "incloud evaluate", to digest runs with accepted risks or another config too.
const extraArgs = (['--suppressions', '--config', '--db'] as const).flatMap((name) => {
  const v = option(name);
  return v ? [name, v] : [];
});
if (!args.length) {
  console.error(
    'usage: node dist/scripts/report-digest.js SNAPSHOT.json [...] [--suppressions FILE] [--config FILE] [--db STORE] [--keep DIR]',
  );
  process.exit(2);
}
for (const s of args) for (const line of digest(s, extraArgs, keep)) console.log(line);
