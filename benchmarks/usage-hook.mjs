// Preloaded into a benchmarked child process (node --import): on exit, write the process's
// own CPU time (all threads, from process start) and peak resident memory to the file named
// by BENCH_USAGE_OUT. Costs one tiny module load.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const cpu = process.cpuUsage();
  const r = process.resourceUsage();
  writeFileSync(process.env.BENCH_USAGE_OUT, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: r.maxRSS / 1024 }));
});
