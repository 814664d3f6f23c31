import { readFileSync } from 'node:fs';
import { loadDomain } from '../src/data/domain.js';
import { loadDomainSamples } from '../src/data/import-taskbench.js';
import { publishCheckpoint } from '../src/training/phase1/train.js';
const d = process.argv[2] as string;
const run = `runs/phase1-${d}`;
const samples = loadDomainSamples('data', d).samples;
const best = JSON.parse(readFileSync(`${run}/best/manifest.json`, 'utf8'));
let info = '';
const c = publishCheckpoint({
  from: `${run}/best`, to: `checkpoints/${d}`, domain: loadDomain('data', d), samples, split: best.split, beamWidth: 2,
  onCalibrated: (cal) => { info = JSON.stringify({ kind: 'info', metrics: cal.metrics, message: `task-set weight ${cal.setWeight}, retrieval fallback below confidence ${cal.threshold.toFixed(2)} (chosen on ${cal.chosenOn})`, phase: 'phase1' }); },
  metricsJsonl: () => readFileSync(`${run}/metrics.jsonl`, 'utf8').split('\n').filter((l) => l && !l.includes('"kind":"info"')).map((l) => l.replaceAll('/work/main/', '').replace(/checkpoint published to [^"]*/, `checkpoint published to checkpoints/${d}`)).concat(info).join('\n') + '\n',
});
console.log(d, JSON.stringify(c));
