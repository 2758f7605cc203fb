// The report formats and where each is written: the one registry the command line, the
// organization runner and the docs read. writeOutputs writes a run's outputs as one set.

import type { Report } from '../src/model/findings.js';
import type { Snapshot } from '../src/model/snapshot.js';
import { jsonChunks } from '../src/util/json-stream.js';
import { writeOutputSet, type OutputFile } from '../src/util/output-set.js';
import { complianceCsvFile, renderComplianceCsv } from './compliance-csv.js';
import { renderCsv } from './csv.js';
import { renderHtmlChunks } from './html.js';
import { renderJsonChunks } from './json.js';
import { renderOcsf } from './ocsf.js';
import { renderAsff } from './asff.js';
import { renderSarif } from './sarif.js';

export const FORMATS = ['json', 'html', 'csv', 'sarif', 'ocsf', 'compliance-csv', 'asff'] as const;
export type Format = (typeof FORMATS)[number];

type Render = () => string | Iterable<string>;
type Files = (report: Report) => { name: string; render: Render }[];

const single =
  (name: string, render: (report: Report) => string | Iterable<string>): Files =>
  (report) => [{ name, render: () => render(report) }];

/** The files each format writes for a report, and how each is rendered. */
export const RENDERERS: Record<Format, Files> = {
  json: single('report.json', renderJsonChunks),
  html: single('report.html', renderHtmlChunks),
  csv: single('findings.csv', renderCsv),
  sarif: single('findings.sarif', renderSarif),
  ocsf: single('findings.ocsf.json', renderOcsf),
  asff: single('findings.asff.json', (report) => renderAsff(report)),
  // One per framework; none when the report has no framework verdicts (--frameworks none).
  'compliance-csv': (report) =>
    (report.compliance ?? []).map((fw) => ({ name: complianceCsvFile(fw), render: () => renderComplianceCsv(report, fw) })),
};

export const REPORT_JSON = 'report.json';

function* jsonChunksWithNewline(value: unknown): Generator<string> {
  yield* jsonChunks(value);
  yield '\n';
}

/** Writes every requested output as one set; one that fails is reported and does not stop the others. */
export function writeOutputs(
  report: Report,
  snapshot: Snapshot | undefined,
  opts: { out: string; format: readonly Format[] },
  renderOverride: Partial<Record<Format, Render>> = {},
  extra: OutputFile[] = [],
): { written: string[]; failed: string[] } {
  const files: OutputFile[] = [];
  // Snapshot first: whatever happens later, the collected inventory is saved.
  if (snapshot) files.push({ name: 'snapshot.json', render: () => jsonChunksWithNewline(snapshot) });
  for (const f of opts.format) {
    const override = renderOverride[f];
    for (const file of RENDERERS[f](report)) files.push({ name: file.name, render: override ?? file.render });
  }
  files.push(...extra);
  return writeOutputSet(opts.out, files, `${report.scan.accountId}@${report.generatedAt}`);
}
