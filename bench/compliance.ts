// Cost of the per-control verdicts: the three shipped frameworks over the demo report and over
// a large synthetic one (the demo's findings repeated with distinct fingerprints).
//   npm run build && node dist/bench/compliance.js

import { CHECKS } from '../checks/index.js';
import { DEMO_SNAPSHOT, readSnapshot } from '../src/cli.js';
import { complianceOf } from '../src/engine/compliance.js';
import { evaluate } from '../src/engine/evaluate.js';
import { loadFrameworks } from '../src/pipeline/frameworks.js';

const demo = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);
const big = {
  ...demo,
  findings: Array.from({ length: 100 }, (_, k) =>
    demo.findings.map((f) => ({ ...f, fingerprint: `${f.fingerprint.slice(0, 28)}${String(k).padStart(4, '0')}` })),
  ).flat(),
};
const frameworks = loadFrameworks();
for (const [name, report] of [
  ['demo', demo],
  ['demo x100', big],
] as const) {
  complianceOf(report, frameworks);
  const runs = 20;
  const started = performance.now();
  for (let i = 0; i < runs; i++) complianceOf(report, frameworks);
  console.log(
    `${name}: ${report.findings.length} findings, ${((performance.now() - started) / runs).toFixed(2)} ms for ${frameworks.length} frameworks`,
  );
}
