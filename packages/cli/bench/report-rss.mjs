// Preloaded into a measured process (`node --import ./report-rss.mjs …`): on exit, writes the
// process's peak resident set size in KiB to $BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) {
    writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
  }
});
