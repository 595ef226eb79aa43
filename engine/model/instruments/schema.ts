// The instruments' part of the scenario format: `policy.instruments` (one optional object per
// instrument) and `rounds[].instruments` (per instrument, the fields a round changes for its
// years, e.g. {"enabled": false} or a new parameter value).
import { Type } from '@sinclair/typebox';
import type { SchemaHelpers } from '../../schema/scenario.js';
import { jointFund } from './joint-fund.js';
import { landQuota } from './land-quota.js';
import { newFirmTax } from './new-firm-tax.js';
import { jointVenture } from './joint-venture.js';
import { jointPromotion } from './joint-promotion.js';

function parts(h: SchemaHelpers) {
  return {
    jointFund: jointFund.schema(h),
    landQuota: landQuota.schema(h),
    newFirmTax: newFirmTax.schema(h),
    jointVenture: jointVenture.schema(h),
    jointPromotion: jointPromotion.schema(h),
  };
}

export function instrumentsSchema(h: SchemaHelpers) {
  const p = parts(h);
  return Type.Object(
    {
      jointFund: Type.Optional(p.jointFund),
      landQuota: Type.Optional(p.landQuota),
      newFirmTax: Type.Optional(p.newFirmTax),
      jointVenture: Type.Optional(p.jointVenture),
      jointPromotion: Type.Optional(p.jointPromotion),
    },
    {
      additionalProperties: false,
      description: 'Policy instruments (engine/model/instruments): money between the parties and effects on projects, each documented in README.',
    },
  );
}

/** A round's patch of an instrument: any of its fields, without the provenance requirement of the whole. */
function patch(o: ReturnType<typeof Type.Object>) {
  const { anyOf: _anyOf, ...rest } = Type.Partial(o) as unknown as Record<string, unknown>;
  return Type.Unsafe<Partial<typeof o.static>>({ ...rest, description: `Round patch: ${String(o.description ?? '')}` });
}

export function roundInstrumentsSchema(h: SchemaHelpers) {
  const p = parts(h);
  return Type.Object(
    {
      jointFund: Type.Optional(patch(p.jointFund)),
      landQuota: Type.Optional(patch(p.landQuota)),
      newFirmTax: Type.Optional(patch(p.newFirmTax)),
      jointVenture: Type.Optional(patch(p.jointVenture)),
      jointPromotion: Type.Optional(patch(p.jointPromotion)),
    },
    {
      additionalProperties: false,
      description: 'Changes to the policy’s instruments in the years of this round (switch on or off, other parameters); only instruments the policy declares.',
    },
  );
}
