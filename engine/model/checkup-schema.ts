// The check-up block of a policy (schema part only; engine/model/checkup.ts runs it). Runtime
// imports are limited to typebox: the scenario schema imports this module.
import { Type } from '@sinclair/typebox';
import type { SchemaHelpers } from '../schema/scenario.js';

/** The policy's check-up block (schema part; built with the scenario's helpers). */
export function checkupSchema(h: SchemaHelpers, instrumentKeys: readonly string[]) {
  return Type.Object(
    {
      responses: Type.Array(
        Type.Object(
          {
            target: Type.Optional(Type.String({ maxLength: h.LIMITS.idLength, description: 'Id of the round target whose red status triggers it; any quantitative target when absent.' })),
            instrument: h.Enum(instrumentKeys as unknown as readonly [string, ...string[]], 'Instrument whose parameter the response changes (it must be declared in policy.instruments).'),
            parameter: Type.String({ pattern: '^[A-Za-z]+$', maxLength: 64, description: 'Name of a numeric parameter of that instrument (a quantity), e.g. outputGain or costCoverage.' }),
            step: Type.Number({ minimum: -1e6, maximum: 1e6, description: 'Change of the parameter per response, from the year after a red check.' }),
            limit: Type.Number({ minimum: -1e7, maximum: 1e7, description: 'Bound the parameter never passes (a maximum for a positive step, a minimum for a negative one).' }),
            note: Type.Optional(h.Text('What the response stands for.')),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 16 },
      ),
      source: Type.Optional(h.Text('Seed file.')),
      locator: Type.Optional(Type.String({ minLength: 1, maxLength: 24, description: 'Short text found verbatim in the seed at the passage.' })),
      assumption: Type.Optional(h.Text('What is assumed about the responses.')),
    },
    {
      additionalProperties: false,
      anyOf: [{ required: ['source'] }, { required: ['assumption'] }],
      description: 'Annual check-up with responses (体检—诊断—应对): a red target in year t changes an instrument parameter from t + 1.',
    },
  );
}

