import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHECKS } from '../checks/index.js';
import { renderCsv } from '../reports/csv.js';
import { renderTerminalSummary } from '../reports/terminal.js';
import { renderHtmlChunks } from '../reports/html.js';
import { renderJsonChunks } from '../reports/json.js';
import { renderOcsf } from '../reports/ocsf.js';
import { renderSarif } from '../reports/sarif.js';
import { DEFAULT_CONCURRENCY } from './collect/clients.js';
import { collect, ScanAbort } from './collect/index.js';
import { ConfigError, loadConfig } from './engine/config.js';
import { diffReports } from './engine/diff.js';
import { evaluate } from './engine/evaluate.js';
import { InputFileError, validateInput } from './engine/validate-input.js';
import { applySuppressions, loadSuppressions, SuppressionError, type Suppression } from './engine/suppress.js';
import { SEVERITIES, type Report, type Severity } from './model/findings.js';
import { regionProblem } from './model/regions.js';
import { SNAPSHOT_FORMAT, type Snapshot } from './model/snapshot.js';
import { Progress } from './util/progress.js';
import { jsonChunks } from './util/json-stream.js';
import { ensureOutputDir, OutputDirError, writeOutputSet, type OutputFile } from './util/output-set.js';
import { PACKAGE_ROOT, TOOL } from './version.js';

/** Exit codes, documented in README. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2, INCOMPLETE: 3, ABORTED: 4, OUTPUT: 5 } as const;

const FORMATS = ['json', 'html', 'csv', 'sarif', 'ocsf'] as const;
type Format = (typeof FORMATS)[number];

export class InputError extends Error {}

export const DEMO_SNAPSHOT = join(PACKAGE_ROOT, 'examples', 'demo-snapshot.json');

function parseFormats(v: string): Format[] {
  const list = v
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.filter((x) => !(FORMATS as readonly string[]).includes(x));
  if (bad.length || !list.length)
    throw new InvalidArgumentError(`unknown format(s) ${bad.join(', ') || '(empty)'}; use ${FORMATS.join(',')}`);
  return [...new Set(list)] as Format[];
}
function parseSeverity(v: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(v)) throw new InvalidArgumentError(`use one of ${SEVERITIES.join(', ')}`);
  return v as Severity;
}
function parseRegions(v: string): string[] {
  const list = [
    ...new Set(
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
  if (!list.length) throw new InvalidArgumentError('not a region: (empty)');
  const problem = regionProblem(list);
  if (problem) throw new InvalidArgumentError(problem);
  return list;
}
function parsePositiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('must be an integer from 1 to 64');
  return n;
}
function parseTop(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 100) throw new InvalidArgumentError('must be an integer from 0 to 100');
  return n;
}
function parseSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 600) throw new InvalidArgumentError('must be a number of seconds from 0 to 600');
  return n;
}
function parseMinutes(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 60) throw new InvalidArgumentError('must be a number of minutes from 0 to 1440');
  return n;
}
function parseUrl(v: string): string {
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return v;
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL');
  }
}

export function readJsonFile<T>(path: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new InputError(`${what} ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

export function readSnapshot(path: string): Snapshot {
  const s = readJsonFile<Snapshot>(path, 'snapshot');
  if (!s || typeof s !== 'object' || s.format !== SNAPSHOT_FORMAT || typeof s.version !== 'number')
    throw new InputError(`${path} is not an incloud snapshot (format "${SNAPSHOT_FORMAT}")`);
  if (s.version > 1) throw new InputError(`${path} is snapshot version ${s.version}; this incloud reads version 1`);
  try {
    return validateInput<Snapshot>('snapshot', s, path);
  } catch (err) {
    if (err instanceof InputFileError) throw new InputError(err.message);
    throw err;
  }
}

export function readReport(path: string): Report {
  const r = readJsonFile<Report>(path, 'report');
  if (!r || r.format !== 'incloud-report' || !Array.isArray(r.findings)) throw new InputError(`${path} is not an incloud JSON report`);
  return r;
}

interface OutputOptions {
  out: string;
  format: Format[];
  config?: string;
  failOn?: Severity;
  suppressions?: string;
  baseline?: string;
  checks?: string;
  quiet?: boolean;
  timings?: boolean;
  top?: number;
}

function* jsonChunksWithNewline(value: unknown): Generator<string> {
  yield* jsonChunks(value);
  yield '\n';
}

/** Writes every requested output as one set; one that fails is reported and does not stop the others. */
export function writeOutputs(
  report: Report,
  snapshot: Snapshot | undefined,
  opts: Pick<OutputOptions, 'out' | 'format'>,
  renderOverride: Partial<Record<Format, () => string>> = {},
  extra: OutputFile[] = [],
): { written: string[]; failed: string[] } {
  const files: OutputFile[] = [];
  // Snapshot first: whatever happens later, the collected inventory is saved.
  if (snapshot) files.push({ name: 'snapshot.json', render: () => jsonChunksWithNewline(snapshot) });
  const renderers: Record<Format, [string, () => string | Iterable<string>]> = {
    json: ['report.json', () => renderJsonChunks(report)],
    html: ['report.html', () => renderHtmlChunks(report)],
    csv: ['findings.csv', () => renderCsv(report)],
    sarif: ['findings.sarif', () => renderSarif(report)],
    ocsf: ['findings.ocsf.json', () => renderOcsf(report)],
  };
  for (const f of opts.format) {
    const [name, render] = renderers[f];
    files.push({ name, render: renderOverride[f] ?? render });
  }
  files.push(...extra);
  return writeOutputSet(opts.out, files, `${report.scan.accountId}@${report.generatedAt}`);
}

interface Prepared {
  config: ReturnType<typeof loadConfig>;
  suppressions: Suppression[];
  only?: string[];
  baseline?: Report;
}

/** A baseline of another account makes the whole run pointless: refuse before scanning. */
function checkBaselineAccount(prepared: Prepared, accountId: string): void {
  const b = prepared.baseline;
  if (b && b.scan.accountId !== accountId) {
    throw new InputError(
      `--baseline is a report of account ${b.scan.accountId}, but this scan is account ${accountId}; nothing was scanned or written`,
    );
  }
}

/** Reads and validates every input file before any AWS call, so a typo never costs a finished scan. */
function prepare(opts: OutputOptions): Prepared {
  const config = loadConfig(opts.config);
  const suppressions = opts.suppressions ? loadSuppressions(opts.suppressions) : [];
  const unknownChecks = [
    ...new Set(suppressions.map((x) => x.checkId).filter((id): id is string => Boolean(id) && !CHECKS.some((c) => c.id === id))),
  ];
  if (unknownChecks.length)
    throw new InputError(`${opts.suppressions}: unknown check id(s) ${unknownChecks.join(', ')} (see "incloud checks")`);
  const only = opts.checks
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (only) {
    const unknown = only.filter((id) => !CHECKS.some((c) => c.id === id));
    if (unknown.length) throw new InputError(`unknown check id(s): ${unknown.join(', ')} (see "incloud checks")`);
  }
  const baseline = opts.baseline ? readReport(opts.baseline) : undefined;
  try {
    ensureOutputDir(opts.out);
  } catch (err) {
    if (err instanceof OutputDirError) throw new InputError(err.message);
    throw err;
  }
  return { config, suppressions, only, baseline };
}

/** Evaluates, suppresses, diffs, writes; returns the exit code. */
function finish(
  snapshot: Snapshot,
  opts: OutputOptions,
  prepared: Prepared,
  log: (s: string) => void,
  keepSnapshot: boolean,
  io: Io,
  startedAt = performance.now(),
): number {
  const { config, suppressions, only, baseline } = prepared;
  checkBaselineAccount(prepared, snapshot.account.id);
  const report = evaluate(snapshot, CHECKS, { config, only });
  const { expired, unmatched } = applySuppressions(report, suppressions);
  const what = (e: Suppression) => e.fingerprint ?? `${e.checkId} ${e.resource}`;
  for (const e of expired) io.err(`incloud: warning: suppression expired on ${e.expires} and no longer applies: ${what(e)} (${e.reason})`);
  for (const e of unmatched)
    io.err(`incloud: warning: suppression matched no finding (fixed, or a wrong pattern?): ${what(e)} (${e.reason})`);
  let gate = report.findings;
  const extra: OutputFile[] = [];
  if (baseline) {
    const d = diffReports(baseline, report);
    extra.push({ name: 'diff.json', render: () => `${JSON.stringify(d, null, 2)}\n` });
    log(
      `baseline: ${d.added.length} new, ${d.resolved.length} resolved, ${d.unchanged.length} unchanged, ${d.unknown.length} not re-assessed`,
    );
    const added = new Set(d.added.map((f) => f.fingerprint));
    gate = report.findings.filter((f) => added.has(f.fingerprint));
  }
  const rendered = performance.now();
  const { written, failed } = writeOutputs(report, keepSnapshot ? snapshot : undefined, opts, {}, extra);
  const writeMs = Math.round(performance.now() - rendered);
  const s = report.summary;
  log(
    `account ${report.scan.accountId}: ${s.findings} findings (${SEVERITIES.map((k) => `${s.bySeverity[k]} ${k}`).join(', ')}), ${s.suppressed} suppressed, ${s.notAssessed} not assessed, ${s.errors} collection errors`,
  );
  for (const line of renderTerminalSummary(report, { top: opts.top ?? 5, elapsedMs: performance.now() - startedAt })) log(line);
  for (const w of written) log(`wrote ${w}`);
  if (opts.timings) printTimings(report, writeMs, io);
  if (failed.length) {
    for (const f of failed) io.err(`incloud: could not write ${f}`);
    return EXIT.OUTPUT;
  }
  const incomplete = !report.scan.complete;
  if (incomplete)
    io.err('incloud: scan incomplete: some data could not be collected or assessed (see "notAssessed" and "errors" in the report)');
  if (opts.failOn) {
    const limit = SEVERITIES.indexOf(opts.failOn);
    const hits = gate.filter((f) => SEVERITIES.indexOf(f.severity) <= limit);
    if (hits.length) {
      io.err(`incloud: fail-on ${opts.failOn}: ${hits.length} ${baseline ? 'new ' : ''}finding(s) at or above it`);
      return EXIT.FINDINGS;
    }
  }
  return incomplete ? EXIT.INCOMPLETE : EXIT.OK;
}

/** --timings: where the time went and which calls were made. */
function printTimings(report: Report, writeMs: number, io: Io): void {
  const c = report.scan.collection;
  const t = report.scan.timings ?? {};
  io.err(`timings: collect ${t.collectMs ?? 0} ms, evaluate ${t.evaluateMs ?? 0} ms, render+write ${writeMs} ms`);
  if (!c) return;
  const byService = new Map<string, number>();
  for (const [op, n] of Object.entries(c.callsByOperation)) byService.set(op.split(':')[0]!, (byService.get(op.split(':')[0]!) ?? 0) + n);
  io.err(
    `calls: ${[...byService.entries()].map(([svc, n]) => `${svc} ${n}`).join(', ')}; ${c.requests} requests (retries included), ${c.throttled} throttled, at most ${c.maxInFlight} in flight of ${c.concurrency}`,
  );
  for (const [op, n] of Object.entries(c.callsByOperation).sort((a, b) => b[1] - a[1])) io.err(`  ${String(n).padStart(7)}  ${op}`);
  for (const sk of report.scan.skippedCalls ?? []) io.err(`  skipped ${sk.count} ${sk.operation}: ${sk.reason}`);
}

/**
 * During collection an interrupt ends the run at once: nothing has been written, so the
 * previous reports stay as they were. Returns the function that removes the handlers.
 */
function exitOnSignal(io: Io, out: string, progress: Progress): () => void {
  const handler = (signal: NodeJS.Signals) => {
    progress.finish();
    io.err(`incloud: interrupted (${signal}) before the reports were written; nothing in ${out} was changed`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  stream?: NodeJS.WritableStream;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  isTTY: Boolean(process.stderr.isTTY),
  stream: process.stderr,
};

/** Usage errors are one line and a pointer to the help of the command that was used. */
function usageOutput(io: Io, help: string) {
  return {
    writeOut: (s: string) => io.out(s.trimEnd()),
    writeErr: (s: string) => io.err(s.trimEnd()),
    outputError: (s: string) => io.err(`incloud: ${s.trim().split('\n')[0]} (see ${help})`),
  };
}

export function buildProgram(io: Io, setCode: (c: number) => void): Command {
  const program = new Command();
  program
    .name('incloud')
    .description('Scan an AWS account for the customer side of the shared responsibility model (read-only).')
    .version(TOOL.version)
    .exitOverride()
    .configureOutput(usageOutput(io, 'incloud --help'));

  const outputOptions = (c: Command) =>
    c
      .option('--out <dir>', 'directory for the reports', 'incloud-out')
      .addOption(
        new Option('--format <list>', `report formats: ${FORMATS.join(',')}`)
          .default(['json', 'html'], 'json,html')
          .argParser(parseFormats),
      )
      .option('--config <file>', 'JSON config with check settings ({"checks": {...}})')
      .addOption(new Option('--fail-on <severity>', 'exit 1 if a finding is at or above this severity').argParser(parseSeverity))
      .option('--suppressions <file>', 'JSON file of accepted risks (reason and expiry required)')
      .option('--baseline <report.json>', 'earlier report: write diff.json and apply --fail-on to new findings only')
      .option('--checks <ids>', 'comma-separated check ids to run (default: all)')
      .option('-q, --quiet', 'no progress or summary on stderr (warnings and the reason for a non-zero exit still show)')
      .option('--timings', 'print collect / evaluate / render times and calls per operation')
      .addOption(new Option('--top <n>', 'how many fixes to list after the scan').default(5).argParser(parseTop));

  const command = (name: string) => program.command(name).configureOutput(usageOutput(io, `incloud ${name} --help`));

  outputOptions(command('scan').description('collect the account inventory and report findings'))
    .option('--demo', 'scan the bundled example account (no AWS credentials needed)')
    .option('--profile <name>', 'AWS profile (default credential chain otherwise: env, SSO, profiles, instance role)')
    .option('--role-arn <arn>', 'assume this role for the scan')
    .option('--external-id <id>', 'ExternalId for --role-arn')
    .addOption(new Option('--regions <list>', 'comma-separated regions (default: all enabled regions)').argParser(parseRegions))
    .option('--region <region>', 'home region for global calls', process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1')
    .addOption(new Option('--endpoint-url <url>', 'send every AWS call to this endpoint (emulators)').argParser(parseUrl))
    .addOption(
      new Option('--concurrency <n>', 'AWS requests in flight for the whole scan').default(DEFAULT_CONCURRENCY).argParser(parsePositiveInt),
    )
    .addOption(
      new Option('--timeout <seconds>', 'give up on one request after this long (retried, then recorded)')
        .default(20)
        .argParser(parseSeconds),
    )
    .addOption(
      new Option('--deadline <minutes>', 'stop sending requests after this long; what is missing is "not assessed"').argParser(
        parseMinutes,
      ),
    )
    .action(async (opts) => {
      const log = opts.quiet ? () => {} : io.err;
      if (opts.externalId && !opts.roleArn) throw new InputError('--external-id needs --role-arn');
      if (opts.demo) {
        const prepared = prepare(opts);
        const snapshot = readSnapshot(DEMO_SNAPSHOT);
        log(`demo: scanning the bundled example account ${snapshot.account.id} (no AWS calls)`);
        setCode(finish(snapshot, opts, prepared, log, true, io));
        return;
      }
      const homeProblem = regionProblem([opts.region]) ?? (opts.regions ? regionProblem([opts.region, ...opts.regions]) : undefined);
      if (homeProblem) throw new InputError(`--region ${opts.region}: ${homeProblem}`);
      const prepared = prepare(opts);
      const startedAt = performance.now();
      const progress = new Progress(opts.quiet ? 'off' : io.isTTY ? 'tty' : 'plain', io.stream);
      const stopOnSignal = exitOnSignal(io, resolve(opts.out), progress);
      let result;
      try {
        result = await collect({
          profile: opts.profile,
          roleArn: opts.roleArn,
          externalId: opts.externalId,
          endpointUrl: opts.endpointUrl,
          homeRegion: opts.region,
          regions: opts.regions,
          concurrency: opts.concurrency,
          onProgress: (e) => progress.update(e),
          onCounts: (counts) => progress.attach(counts),
          requestTimeoutMs: opts.timeout * 1000,
          ...(opts.deadline ? { deadline: Date.now() + opts.deadline * 60_000 } : {}),
          onIdentity: (accountId) => checkBaselineAccount(prepared, accountId),
        });
      } finally {
        progress.finish();
      }
      // The write phase is synchronous: a signal from here on is handled after the set is whole.
      setCode(finish(result.snapshot, opts, prepared, log, true, io, startedAt));
      stopOnSignal();
    });

  outputOptions(
    command('evaluate').description('re-evaluate a saved snapshot offline').argument('<snapshot>', 'snapshot.json from an earlier scan'),
  ).action((file: string, opts) => {
    setCode(finish(readSnapshot(file), opts, prepare(opts), opts.quiet ? () => {} : io.err, false, io));
  });

  command('checks')
    .description('list the check catalogue')
    .option('--json', 'machine-readable output')
    .action((opts) => {
      const rows = CHECKS.map((c) => ({
        id: c.id,
        service: c.service,
        severity: c.severity,
        duties: c.duties,
        title: c.title,
        refs: c.refs,
      }));
      if (opts.json) {
        io.out(JSON.stringify(rows, null, 2));
        return;
      }
      const w = Math.max(...rows.map((r) => r.id.length));
      for (const r of rows) io.out(`${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.duties.join(',').padEnd(32)}  ${r.title}`);
      io.out(`${rows.length} checks`);
    });

  command('diff')
    .description('compare two JSON reports: new, resolved, unchanged')
    .argument('<old>', 'older report.json')
    .argument('<new>', 'newer report.json')
    .option('--json', 'print the diff as JSON')
    .addOption(new Option('--fail-on <severity>', 'exit 1 if a new finding is at or above this severity').argParser(parseSeverity))
    .action((oldFile: string, newFile: string, opts) => {
      const [a, b] = [readReport(oldFile), readReport(newFile)];
      if (a.scan.accountId !== b.scan.accountId)
        throw new InputError(
          `${oldFile} is account ${a.scan.accountId} but ${newFile} is account ${b.scan.accountId}: diff compares scans of one account`,
        );
      const d = diffReports(a, b);
      if (opts.json) io.out(JSON.stringify(d, null, 2));
      else {
        const line = (tag: string, f: { severity: string; checkId: string; resource: { name: string }; fingerprint: string }) =>
          io.out(`${tag} ${f.severity.padEnd(8)} ${f.checkId}  ${f.resource.name}  [${f.fingerprint.slice(0, 12)}]`);
        d.added.forEach((f) => line('+ new     ', f));
        d.resolved.forEach((f) => line('- resolved', f));
        d.unknown.forEach((f) => line('? unknown ', f));
        d.severityChanged.forEach((c) => io.out(`~ severity ${c.checkId} ${c.from} -> ${c.to} [${c.fingerprint.slice(0, 12)}]`));
        io.out(
          `${d.added.length} new, ${d.resolved.length} resolved, ${d.unchanged.length} unchanged, ${d.unknown.length} not re-assessed`,
        );
      }
      if (opts.failOn) {
        const limit = SEVERITIES.indexOf(opts.failOn as Severity);
        if (d.added.some((f) => SEVERITIES.indexOf(f.severity) <= limit)) {
          setCode(EXIT.FINDINGS);
          return;
        }
      }
      setCode(EXIT.OK);
    });
  return program;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    if (err instanceof InputError || err instanceof ConfigError || err instanceof SuppressionError) {
      io.err(`incloud: ${err.message}`);
      return EXIT.USAGE;
    }
    if (err instanceof ScanAbort) {
      io.err(`incloud: scan aborted: ${err.message}`);
      return EXIT.ABORTED;
    }
    io.err(`incloud: unexpected error: ${(err as Error)?.stack ?? String(err)}`);
    return EXIT.ABORTED;
  }
}
