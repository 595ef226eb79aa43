// The browser figures alone (`npx tsx benchmarks/browser-run.ts [--quick] [--no-build]`): builds
// dist/ and the benchmark build dist-bench/ as `npm run bench` does, then prints benchBrowser's
// JSON (the 10,000-draw Monte Carlo only with --mc). For working on the page's speed without the whole benchmark (not saved in results/).
import { benchBrowser } from './browser.js';
import { buildApps } from './cli.js';

const quick = process.argv.includes('--quick');
if (!process.argv.includes('--no-build')) await buildApps();
const figures = await benchBrowser(quick, 'dist-bench', 'dist', { montecarlo: process.argv.includes('--mc') });
process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
