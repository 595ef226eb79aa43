// Entry point: start the engine worker first, so it downloads and boots while the page's
// components (Lit, Plot: most of the page's code) load and parse; restore the remembered
// language (zh-CN by default), then start the app.
import { prestartEngine } from './client.js';
import { storedLocale, switchLocale } from './i18n.js';

prestartEngine();
const app = import('./components/pw-app.js');
await switchLocale(storedLocale());
await app;
document.body.append(document.createElement('pw-app'));
