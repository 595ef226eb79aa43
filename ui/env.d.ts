/// <reference types="vite/client" />

/** The package version and git commit the page was built from (vite.config.ts `define`). */
declare const __APP_VERSION__: string;
declare const __APP_COMMIT__: string;
