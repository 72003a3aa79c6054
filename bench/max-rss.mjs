// Preloaded with --import: reports the process's peak resident memory when it exits.
// Plain JavaScript: a .ts preload would load Node's type stripper and inflate the number.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nmax-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
