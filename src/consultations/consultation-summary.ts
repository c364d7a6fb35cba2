import type { CaseCodedFacts } from '../cases/case-facts.service.js';
import {
  DESIRED_SITUATIONS, HOUSEHOLD_COMPOSITIONS, PLACEMENT_REASONS, PLACEMENTS, PROTECTION_MEASURES,
  type DesiredSituation, type HouseholdComposition, type Placement, type PlacementReason, type ProtectionMeasure,
} from '../cases/case-vocabulary.js';
import { YOUTH_CARE_REGIONS } from '../cases/regions.js';

/**
 * What an expert learns of a case (issue 19): region, the children's birth years, placements and
 * measures, placement reasons, household composition and the desired situation. Built by the server
 * from vocabulary codes and years only: there is no free-text field, so there is no place a name,
 * e-mail address, phone number, reference or id could be written into. Every value is checked
 * against its vocabulary again here, and anything else is dropped, so even a wrong row cannot
 * carry text through.
 */
export interface ConsultationSummary {
  regions: { code: string; name: string }[];
  householdComposition: HouseholdComposition | null;
  placementReasons: PlacementReason[];
  desiredSituation: DesiredSituation[];
  children: { birthYear: number; placement: Placement; protectionMeasure: ProtectionMeasure; placedSinceYear: number | null }[];
}

const REGION_NAMES = new Map(YOUTH_CARE_REGIONS.map((r) => [r.code, r.name]));

function isYear(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1900 && value <= 2200;
}

function only<T extends string>(values: readonly unknown[] | null | undefined, vocabulary: readonly T[]): T[] {
  return [...new Set((values ?? []).filter((v): v is T => typeof v === 'string' && (vocabulary as readonly string[]).includes(v)))];
}

export function buildSummary(facts: CaseCodedFacts): ConsultationSummary {
  return {
    regions: only(facts.regionCodes, [...REGION_NAMES.keys()]).map((code) => ({ code, name: REGION_NAMES.get(code)! })),
    householdComposition: facts.householdComposition && HOUSEHOLD_COMPOSITIONS.includes(facts.householdComposition) ? facts.householdComposition : null,
    placementReasons: only(facts.placementReasons, PLACEMENT_REASONS),
    desiredSituation: only(facts.desiredSituation, DESIRED_SITUATIONS),
    children: facts.children
      .filter((c) => isYear(c.birthYear) && PLACEMENTS.includes(c.placement) && PROTECTION_MEASURES.includes(c.protectionMeasure))
      .map((c) => ({
        birthYear: c.birthYear,
        placement: c.placement,
        protectionMeasure: c.protectionMeasure,
        placedSinceYear: isYear(c.placedSinceYear) ? c.placedSinceYear : null,
      })),
  };
}
