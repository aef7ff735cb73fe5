// Preloaded (node -r) into a benchmarked process: at exit, appends its own CPU time (user +
// system, all threads, ms) to $TALSIM_BENCH_CPU_FILE, so a row can report CPU next to wall time.
const { appendFileSync } = require('node:fs');
process.on('exit', () => {
  const used = process.cpuUsage();
  if (process.env.TALSIM_BENCH_CPU_FILE) appendFileSync(process.env.TALSIM_BENCH_CPU_FILE, `${(used.user + used.system) / 1000}\n`);
});
