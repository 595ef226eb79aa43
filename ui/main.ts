// Entry point: start the engine worker first (ui/engine-worker.ts imports nothing, so it starts
// as soon as this chunk runs), so it downloads and boots while the page's components (Lit,
// Plot: most of the page's code) load and parse; restore the remembered language (zh-CN by
// default), then start the app.
import { prestartEngine } from './engine-worker.js';

prestartEngine();
const app = import('./components/pw-app.js');
const { storedLocale, switchLocale } = await import('./i18n.js');
await switchLocale(storedLocale());
await app;
document.body.append(document.createElement('pw-app'));
