// Styles shared by the analysis panels (negotiation, uncertainty): tables, notes, exports,
// focus rings and the large type of workshop mode.
import { css } from 'lit';

export const panelStyles = css`
  :host { display: block; }
  .unit { color: #555; font-weight: normal; font-size: 0.8rem; }
  select, input, button { font: inherit; font-size: 0.85rem; }
  select { max-width: 100%; }
  select:focus-visible, input:focus-visible, button:focus-visible, summary:focus-visible { outline: 3px solid #E69F00; outline-offset: 1px; }
  table { border-collapse: collapse; font-size: 0.8rem; margin: 0.3rem 0; }
  th, td { border: 1px solid #ccc; padding: 0.1rem 0.4rem; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  .issues { color: #B00020; font-size: 0.85rem; }
  .note { font-size: 0.85rem; }
  .exports { display: flex; gap: 0.3rem; }
  details { font-size: 0.8rem; overflow-x: auto; }
  :host([large]) { font-size: 1.3rem; }
  :host([large]) h4 { font-size: 1.4rem; }
`;
