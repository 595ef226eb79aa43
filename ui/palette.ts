// Okabe–Ito colours: distinguishable with the common forms of colour blindness.
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;
/** Imbalance (all parties together) is drawn in black. */
export const ALL_PARTIES_COLOUR = '#000000';
