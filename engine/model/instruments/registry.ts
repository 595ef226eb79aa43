// The list of policy instruments. Adding an instrument means writing its module and adding it
// here; the schema, compile, the flows and the report all read this list.
import { jointFund } from './joint-fund.js';
import { landQuota } from './land-quota.js';
import { newFirmTax } from './new-firm-tax.js';
import { jointVenture } from './joint-venture.js';
import { jointPromotion } from './joint-promotion.js';
import type { InstrumentModule } from './common.js';

/** In the order their compile steps run (the land-quota split before the tax shares). */
export const INSTRUMENTS = [jointFund, landQuota, newFirmTax, jointVenture, jointPromotion] as const;

export type InstrumentKey = (typeof INSTRUMENTS)[number]['key'];

export const INSTRUMENT_MODULES: readonly InstrumentModule<never, never>[] = INSTRUMENTS as unknown as InstrumentModule<never, never>[];
