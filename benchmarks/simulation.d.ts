// The part of the `simulation` package's API the peer benchmark uses. The package ships
// declarations under types/src/ but its package.json points at types/api/, so TypeScript
// cannot find them; this stands in until upstream fixes the path.
declare module 'simulation' {
  export interface Primitive {
    readonly name: string;
  }
  export interface Results {
    times(): number[];
    series(primitive: Primitive): number[];
  }
  export class Model {
    constructor(config?: { timeStart?: number; timeLength?: number; timeUnits?: string; timeStep?: number; algorithm?: 'Euler' | 'RK4' });
    Variable(config: { name: string; value: string | number }): Primitive;
    Stock(config: { name: string; initial?: string | number; nonNegative?: boolean }): Primitive;
    Flow(from: Primitive | null, to: Primitive | null, config: { name: string; rate: string | number; nonNegative?: boolean }): Primitive;
    Link(from: Primitive, to: Primitive): Primitive;
    simulate(): Results;
  }
}
