// The report formats and where each is written: the one registry the command line, the
// organization runner and the docs read. writeOutputs writes a run's outputs as one set.

import type { Report } from '../src/model/findings.js';
import type { Snapshot } from '../src/model/snapshot.js';
import { jsonChunks } from '../src/util/json-stream.js';
import { writeOutputSet, type OutputFile } from '../src/util/output-set.js';
import { renderCsv } from './csv.js';
import { renderHtmlChunks } from './html.js';
import { renderJsonChunks } from './json.js';
import { renderOcsf } from './ocsf.js';
import { renderSarif } from './sarif.js';

export const FORMATS = ['json', 'html', 'csv', 'sarif', 'ocsf'] as const;
export type Format = (typeof FORMATS)[number];

type Render = () => string | Iterable<string>;

/** The file each format is written to, and how it is rendered from a report. */
export const RENDERERS: Record<Format, { file: string; render: (report: Report) => string | Iterable<string> }> = {
  json: { file: 'report.json', render: renderJsonChunks },
  html: { file: 'report.html', render: renderHtmlChunks },
  csv: { file: 'findings.csv', render: renderCsv },
  sarif: { file: 'findings.sarif', render: renderSarif },
  ocsf: { file: 'findings.ocsf.json', render: renderOcsf },
};

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
    const { file, render } = RENDERERS[f];
    files.push({ name: file, render: renderOverride[f] ?? (() => render(report)) });
  }
  files.push(...extra);
  return writeOutputSet(opts.out, files, `${report.scan.accountId}@${report.generatedAt}`);
}
