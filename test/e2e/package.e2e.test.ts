// incloud installs and schedules the way CLIs of its ecosystem do: an npm tarball with the
// built code (npx runs it), examples that parse and use only real options, a Dockerfile that
// follows the same package path, and the seed script as documented.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/engine/config.js';
import { loadSuppressions } from '../../src/engine/suppress.js';
import { CHECKS } from '../../checks/index.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { runCli, scanArgs } from './cli.js';

const exec = promisify(execFile);
const example = (name: string) => join(PACKAGE_ROOT, 'examples', name);
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

/** The long options `incloud scan --help` documents. */
async function scanOptions(): Promise<Set<string>> {
  const help = await runCli(['scan', '--help']);
  return new Set([...help.stdout.matchAll(/(--[a-z-]+)/g)].map((m) => m[1]!));
}
const optionsIn = (args: string[]) => args.filter((a) => a.startsWith('--'));

describe('examples', () => {
  let options: Set<string>;
  beforeAll(async () => {
    options = await scanOptions();
  }, 30_000);

  it('config and suppressions load, and name real checks', () => {
    expect(loadConfig(example('config.json')).trustedAccounts).toEqual(['444455556666']);
    const sup = loadSuppressions(example('suppressions.json'));
    expect(sup.length).toBeGreaterThan(0);
    for (const s of sup)
      if (s.checkId)
        expect(
          CHECKS.some((c) => c.id === s.checkId),
          s.checkId,
        ).toBe(true);
  });

  it('the cron line has a valid schedule and uses only real options', () => {
    const line = readFileSync(example('cron.txt'), 'utf8')
      .split('\n')
      .find((l) => l.trim() && !l.startsWith('#'))!;
    const fields = line.trim().split(/\s+/);
    for (const f of fields.slice(0, 5)) expect(f).toMatch(/^(\*|\d+(-\d+)?)(\/\d+)?(,\d+)*$/);
    const command = fields.slice(5);
    const scanAt = command.indexOf('incloud');
    expect(command[scanAt + 1]).toBe('scan');
    expect(optionsIn(command.slice(scanAt + 2)).filter((o) => !options.has(o))).toEqual([]);
  });

  it('the cron command runs as written: --baseline only once a report exists', async () => {
    const line = readFileSync(example('cron.txt'), 'utf8')
      .split('\n')
      .find((l) => l.trim() && !l.startsWith('#'))!;
    const root = mkdtempSync(join(tmpdir(), 'incloud-cron-'));
    // A stand-in incloud on PATH that prints its arguments; the paths point into a scratch folder.
    writeFileSync(join(root, 'incloud'), '#!/bin/sh\necho "$@"\n', { mode: 0o755 });
    const command = line.trim().split(/\s+/).slice(5).join(' ').replaceAll('/var/lib/incloud', root);
    const run = async () => (await exec('/bin/sh', ['-c', command], { env: { PATH: `${root}:/usr/bin:/bin` } })).stdout;
    expect(await run()).not.toMatch(/--baseline/);
    mkdirSync(join(root, 'latest'));
    writeFileSync(join(root, 'latest', 'report.json'), '{}');
    expect(await run()).toMatch(new RegExp(`--baseline ${root}/latest/report.json`));
  });

  it('the GitHub Actions workflow parses, runs on a schedule and uses only real options', () => {
    const wf = parseYaml(readFileSync(example('github-actions.yml'), 'utf8')) as {
      on: { schedule: { cron: string }[] };
      jobs: Record<string, { steps: { run?: string }[] }>;
    };
    expect(wf.on.schedule[0]!.cron.split(' ')).toHaveLength(5);
    const runs = Object.values(wf.jobs)
      .flatMap((j) => j.steps)
      .map((s) => s.run ?? '')
      .join('\n');
    expect(runs).toMatch(/incloud scan/);
    // npm's own flag aside, every option in the scan steps is one of incloud scan's.
    const used = [...runs.matchAll(/(--[a-z-]+)/g)].map((m) => m[1]!).filter((o) => o !== '--global');
    expect(used.filter((o) => !options.has(o))).toEqual([]);
    expect(runs).toMatch(/--baseline/);
    expect(runs).toMatch(/--fail-on/);
    // The install step reads a tarball from the repository, so the checkout comes first.
    const steps = Object.values(wf.jobs)[0]!.steps as { uses?: string }[];
    expect(steps[0]!.uses).toMatch(/^actions\/checkout@/);
  });

  it('the ECS task definition and its schedule parse, and the command uses only real options', () => {
    const task = JSON.parse(readFileSync(example('ecs-task-definition.json'), 'utf8')) as { containerDefinitions: { command: string[] }[] };
    const command = task.containerDefinitions[0]!.command;
    expect(command[0]).toBe('scan');
    expect(optionsIn(command).filter((o) => !options.has(o))).toEqual([]);
    const schedule = JSON.parse(readFileSync(example('ecs-schedule.json'), 'utf8')) as {
      ScheduleExpression: string;
      Target: { EcsParameters: { TaskDefinitionArn: string } };
    };
    expect(schedule.ScheduleExpression).toMatch(/^cron\(/);
    expect(schedule.Target.EcsParameters.TaskDefinitionArn).toMatch(/task-definition\/incloud-audit$/);
  });

  it('the Dockerfile builds the npm package on node:20-slim and runs it as a non-root user', () => {
    const docker = readFileSync(join(PACKAGE_ROOT, 'Dockerfile'), 'utf8');
    const from = [...docker.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(from.every((f) => f === 'node:20-slim')).toBe(true);
    expect(docker).toMatch(/npm pack/);
    expect(docker).toMatch(/^USER node$/m);
    expect(docker).toMatch(/^ENTRYPOINT \["incloud"\]$/m);
  });
});

describe('npm package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'incloud-pack-'));
  let tarball: string;
  beforeAll(async () => {
    // The suite's build already ran; --ignore-scripts keeps the prepack build from rewriting
    // dist/ under tests running in parallel.
    await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: PACKAGE_ROOT, env });
    tarball = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.tgz'))!,
    );
  }, 60_000);

  it('builds before packing and ships the built code, schemas, docs and licence, not the sources or tests', async () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.bin.incloud).toBe('bin/incloud.js');
    const { stdout } = await exec('tar', ['-tzf', tarball]);
    const files = stdout.split('\n').filter(Boolean);
    for (const f of [
      'package/bin/incloud.js',
      'package/dist/src/cli.js',
      'package/dist/checks/index.js',
      'package/schema/report.schema.json',
      'package/docs/checks.md',
      'package/deploy/scanner-policy.json',
      'package/examples/demo-snapshot.json',
      'package/LICENSE',
      'package/README.md',
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^package\/(test|src|checks)\//.test(f) || /\.ts$/.test(f))).toEqual([]);
  });

  it('npx runs incloud from the tarball: --version and a demo scan', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'incloud-npx-'));
    const npx = (args: string[]) =>
      exec('npm', ['exec', '--yes', '--prefer-offline', `--package=${tarball}`, '--', 'incloud', ...args], { cwd, env });
    const version = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version as string;
    expect((await npx(['--version'])).stdout.trim()).toBe(version);
    await npx(['scan', '--demo', '--out', join(cwd, 'out'), '-q', '--format', 'json']);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['incloud-manifest.json', 'report.json', 'snapshot.json']);
  }, 180_000);
});

describe.runIf(runE2e)('seed script', () => {
  it('runs as documented: npm run seed -- ENDPOINT', async () => {
    const moto = await startMoto();
    try {
      const { stdout } = await exec('npm', ['run', '--silent', 'seed', '--', moto.endpoint], { cwd: PACKAGE_ROOT, env });
      expect(stdout).toMatch(/^seeded http:\/\/127\.0\.0\.1:\d+: /);
      const scan = await runCli([...scanArgs(moto.endpoint, mkdtempSync(join(tmpdir(), 'incloud-seeded-'))), '-q']);
      expect(scan.code).toBe(3); // moto's credential report has no root row
    } finally {
      await moto.stop();
    }
  }, 90_000);
});
