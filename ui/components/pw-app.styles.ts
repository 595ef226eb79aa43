// Styles of the workbench page (pw-app).
import { css } from 'lit';

export const appStyles = css`
    :host { display: block; font-family: system-ui, 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif; color: #111; }
    header.top { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem; padding: 0.5rem 1rem; background: #f3f5f8; border-bottom: 1px solid #ccd; }
    h1 { font-size: 1.3rem; margin: 0; }
    .subtitle { margin: 0; color: #333; font-size: 0.9rem; }
    .lang { display: flex; gap: 0.25rem; align-items: center; font-size: 0.9rem; }
    button { font: inherit; font-size: 0.9rem; padding: 0.2rem 0.6rem; cursor: pointer; }
    button[aria-pressed='true'] { background: #0072B2; color: #fff; border: 1px solid #0072B2; }
    button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid #E69F00; outline-offset: 1px; }
    .controls { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1rem; padding: 0.75rem 1rem; }
    @media (max-width: 800px) { .controls { grid-template-columns: minmax(0, 1fr); } }
    section h2 { font-size: 1rem; margin: 0 0 0.4rem; }
    .pick { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .pick select { font: inherit; font-size: 0.9rem; max-width: 100%; min-width: min(18rem, 100%); }
    .description { font-size: 0.85rem; color: #333; margin: 0.4rem 0 0; max-width: 60rem; }
    .drop { border: 2px dashed #888; border-radius: 6px; padding: 0.6rem; font-size: 0.85rem; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .file-button { display: inline-block; border: 1px solid #555; border-radius: 4px; padding: 0.2rem 0.7rem; background: #fff; cursor: pointer; }
    .drop:focus-within .file-button { outline: 3px solid #E69F00; outline-offset: 1px; }
    .drop.dragging { border-color: #0072B2; background: #e8f2fa; }
    .errors { border: 2px solid #B00020; background: #fdecee; border-radius: 6px; padding: 0.5rem; margin-top: 0.5rem; font-size: 0.85rem; }
    .errors table { border-collapse: collapse; margin: 0.3rem 0; }
    .errors th, .errors td { border: 1px solid #e0a0a8; padding: 0.15rem 0.4rem; text-align: left; vertical-align: top; }
    .bar { display: flex; gap: 1rem; align-items: center; padding: 0 1rem 0.5rem; font-size: 0.9rem; flex-wrap: wrap; }
    .columns { display: grid; gap: 0.75rem; padding: 0 1rem 1rem; align-items: start; }
    .empty { padding: 1rem; color: #333; }
    .notice { color: #B00020; font-size: 0.85rem; }
    .engine-notice { border: 2px solid #B00020; background: #fdecee; padding: 0.4rem 0.6rem; margin: 0.5rem 1rem; border-radius: 6px; }
    .workshop-bar { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; padding: 0.4rem 1rem; background: #fff8e6; border-bottom: 1px solid #e6c470; font-size: 1.2rem; }
    .workshop-bar button { font-size: 1.1rem; }
    .workshop-bar output { font-size: 1.8rem; font-weight: bold; min-width: 4ch; }
    /* A hidden column (phone: one at a time) is not drawn; outer styles beat the column's :host display. */
    pw-column[hidden] { display: none !important; }
    .column-tabs { display: flex; gap: 0.25rem; overflow-x: auto; padding: 0 1rem 0.5rem; }
    .column-tabs button { flex: 0 0 auto; max-width: 70vw; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; border: 1px solid #888; border-radius: 4px 4px 0 0; background: #f3f5f8; }
    .column-tabs button[aria-selected='true'] { background: #0072B2; color: #fff; border-color: #0072B2; }
    @media (max-width: 767px) {
      .columns { padding: 0 0.5rem 1rem; }
      .controls, .bar { padding-left: 0.5rem; padding-right: 0.5rem; }
      header.top { padding: 0.5rem; }
    }
    :host([workshop]) h1 { font-size: 2rem; }
    :host([workshop]) .workshop-bar, :host([workshop]) .workshop-bar button, :host([workshop]) .bar button { font-size: 1.3rem; }
    :host([workshop]) .subtitle, :host([workshop]) .bar { font-size: 1.2rem; }
`;
