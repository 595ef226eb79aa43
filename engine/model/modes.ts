// Pairing modes from project geometry: each project's mode follows from where it originates,
// produces and registers, the tiers of those parties and who manages the site; the policy's
// mode is the summary of its projects. A project may declare its mode, which must fit its
// geometry (e.g. 研发+制造 has the geometry of 总部+基地: HQ and tax at the origin, plant in the host).
// Runtime imports: none from the schema or compile (the validator imports this module).
import type { Economy, PairingMode, Project, ResolvedScenario } from '../schema/scenario.js';

/** Modes a declared mode may be, given the mode its geometry gives. */
export const COMPATIBLE_MODES: Record<PairingMode, readonly PairingMode[]> = {
  coBuild: ['coBuild'],
  enclavePark: ['enclavePark', 'coBuild'],
  reverseEnclave: ['reverseEnclave'],
  twoWayEnclave: ['twoWayEnclave'],
  entrustedManagement: ['entrustedManagement'],
  hqBase: ['hqBase', 'rdManufacturing'],
  rdManufacturing: ['rdManufacturing'],
};

export interface Geometry {
  origin: string;
  host: string;
  registration: string;
  management: 'host' | 'origin' | 'joint';
}

/** The mode a project's geometry gives. */
export function geometryMode(g: Geometry, tier: (party: string) => string): PairingMode {
  if (g.management === 'origin' && g.host !== g.origin) return 'entrustedManagement'; // 托管建设: the origin runs the host's site
  if (g.management === 'joint') return 'coBuild'; // a jointly run zone (合作共建)
  if (g.host === g.origin) return 'coBuild'; // production stays at the origin: cooperation by sharing only
  if (g.registration === g.origin)
    // Tax at the origin, production in the host: the weaker side's firms in the core's space
    // (反向飞地), or the core's HQ with a plant in the suburb (总部+基地 / 前店后厂).
    return tier(g.origin) === 'periphery' && tier(g.host) === 'core' ? 'reverseEnclave' : 'hqBase';
  return 'enclavePark'; // produced and registered in the host, brought by the origin (飞地园区)
}

export interface ProjectMode {
  project: string;
  /** The mode used: the declared one when it fits the geometry, else the geometry's. */
  mode: PairingMode;
  /** The mode the geometry gives. */
  geometry: PairingMode;
  declared?: PairingMode;
  origin: string;
  host: string;
  registration: string;
  management: 'host' | 'origin' | 'joint';
}

export interface ModeSummary {
  /** The policy's mode as the projects give it: twoWayEnclave when forward and reverse enclaves both occur, else the mode with most steady output. */
  mode: PairingMode | null;
  /** The mode the policy file declares (a label). */
  declared: string;
  /** Steady output per mode (亿元/yr). */
  outputByMode: Partial<Record<PairingMode, number>>;
  projects: ProjectMode[];
}

function geometryOf(p: Project, host = p.host, registration = p.registration): Geometry {
  return { origin: p.origin, host, registration, management: p.management ?? 'host' };
}

/** Project modes of an economy as written (for validation). */
export function economyModeIssues(e: Economy, prefix: string): { path: string; message: string }[] {
  const tiers = new Map(e.parties.map((p) => [p.id, p.tier as string]));
  const out: { path: string; message: string }[] = [];
  e.projects.forEach((p, i) => {
    if (!p.mode) return;
    const g = geometryMode(geometryOf(p), (id) => tiers.get(id) ?? 'peer');
    if (!COMPATIBLE_MODES[g].includes(p.mode))
      out.push({
        path: `${prefix}/projects/${i}/mode`,
        message: `declared mode "${p.mode}" does not fit the project's geometry (origin ${p.origin}, host ${p.host}, registration ${p.registration}, management ${p.management ?? 'host'}), which gives "${g}"; expected one of ${COMPATIBLE_MODES[g].join(', ')}`,
      });
  });
  return out;
}

/** Per-project modes under the deal (the policy's placement applied) and the policy's summary. */
export function scenarioModes(s: ResolvedScenario, placement: (p: Project) => { host: string; registration: string }): ModeSummary {
  const tiers = new Map(s.economy.parties.map((p) => [p.id, p.tier as string]));
  const outputByMode: Partial<Record<PairingMode, number>> = {};
  const projects = s.economy.projects.map((p) => {
    const at = placement(p);
    const g = geometryOf(p, at.host, at.registration);
    const geometry = geometryMode(g, (id) => tiers.get(id) ?? 'peer');
    const mode = p.mode && COMPATIBLE_MODES[geometry].includes(p.mode) ? p.mode : geometry;
    outputByMode[mode] = (outputByMode[mode] ?? 0) + p.steadyOutput.value;
    return { project: p.id, mode, geometry, ...(p.mode ? { declared: p.mode } : {}), ...g };
  });
  let mode: PairingMode | null = null;
  if (outputByMode.enclavePark !== undefined && outputByMode.reverseEnclave !== undefined) mode = 'twoWayEnclave';
  else
    for (const [m, v] of Object.entries(outputByMode) as [PairingMode, number][])
      if (mode === null || v > outputByMode[mode]!) mode = m;
  return { mode, declared: s.policy.mode, outputByMode, projects };
}
