// comlink ships its Node adapter as dist/esm/node-adapter.mjs with declarations in
// node-adapter.d.ts (no package "exports"): this maps the one to the other for TypeScript.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
