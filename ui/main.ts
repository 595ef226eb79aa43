// Entry point: restore the remembered language (zh-CN by default), then start the app.
import { storedLocale, switchLocale } from './i18n.js';
import './components/pw-app.js';

await switchLocale(storedLocale());
document.body.append(document.createElement('pw-app'));
