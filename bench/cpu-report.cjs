// Preloaded (`node -r`) into the `vde plan` the benchmark times: at exit, prints the process's CPU
// time over all its threads (the SQL parser runs in a worker thread) to stderr for bench/run.ts.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`VDE_BENCH_CPU ${((u.userCPUTime + u.systemCPUTime) / 1000).toFixed(0)}\n`);
});
