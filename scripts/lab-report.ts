// Seeds the attack-path lab (scripts/seed-lab.ts) in a fresh emulator, scans it with the real
// collectors and prints the number of findings and the top of the ranked list, with where each
// planted chain and look-alike landed. Figures for the closing notes of the attack-path work.
// Run: npm run build && node dist/scripts/lab-report.js [top]

import { CHECKS } from '../checks/index.js';
import { collect } from '../src/collect/index.js';
import { evaluate } from '../src/engine/evaluate.js';
import { startMoto } from './moto.js';
import { LAB_CHAINS, LAB_LOOKALIKES, seedLab } from './seed-lab.js';

const top = Number(process.argv[2] ?? 15);
process.env.AWS_ACCESS_KEY_ID ??= 'testing';
process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
const moto = await startMoto();
try {
  await seedLab({ endpoint: moto.endpoint });
  const { snapshot } = await collect({ endpointUrl: moto.endpoint, homeRegion: 'us-east-1', regions: ['us-east-1'] });
  const started = performance.now();
  const report = evaluate(snapshot, CHECKS);
  console.log(`findings ${report.findings.length}, evaluated in ${(performance.now() - started).toFixed(0)} ms`);
  for (const f of report.findings.slice(0, top))
    console.log(`${String(f.priority).padStart(3)}  ${f.severity.padEnd(8)} ${f.checkId.padEnd(42)} ${f.resource.name ?? f.resource.arn}`);
  console.log('\nplanted chains (best rank of a finding on the entry that names every hop):');
  for (const c of LAB_CHAINS) {
    const hit = report.findings.find(
      (f) => (f.resource.name ?? '').startsWith(c.entry) && c.hops.every((h) => JSON.stringify(f.evidence).includes(h)),
    );
    console.log(`  ${c.entry.padEnd(20)} ${hit ? `#${hit.priority} ${hit.checkId} (${hit.severity})` : 'not named as one chain'}`);
  }
  const spoofed = report.findings.find((f) => f.checkId === 's3.bucket-policy-public-read' && f.resource.name === 'lab-spoofed');
  console.log(`\nlab-spoofed public read: ${spoofed ? `#${spoofed.priority} (${spoofed.severity})` : 'no finding'}`);
  console.log('\nlook-alikes (worst finding on them):');
  for (const name of LAB_LOOKALIKES) {
    const worst = report.findings.find((f) => (f.resource.name ?? '').startsWith(name));
    console.log(`  ${name.padEnd(20)} ${worst ? `#${worst.priority} ${worst.checkId} (${worst.severity})` : 'no finding'}`);
  }
} finally {
  await moto.stop();
}
