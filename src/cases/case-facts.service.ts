import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import type {
  Placement, ConsentScope, DesiredSituation, HouseholdComposition, PlacementReason, ProtectionMeasure,
} from './case-vocabulary.js';

/** The structured facts of a case, in vocabulary codes and years only: what a pseudonymised summary may be made of. */
export interface CaseCodedFacts {
  regionCodes: string[];
  householdComposition: HouseholdComposition | null;
  placementReasons: PlacementReason[];
  desiredSituation: DesiredSituation[];
  children: { birthYear: number; placement: Placement; protectionMeasure: ProtectionMeasure; placedSinceYear: number | null }[];
}

/**
 * For the expert pool (issue 19): the facts a consultation's summary is built from, and the strings
 * that identify the case and its people (its reference and title, the children's first names, every
 * participant's name and e-mail address), so that free text written for an expert can be checked.
 * The caller has already checked the asker's access to the case; these read no more than that.
 */
@Injectable()
export class CaseFactsService {
  constructor(private readonly txHost: TransactionHost) {}

  async codedFacts(caseId: string): Promise<CaseCodedFacts> {
    const [row]: { region_codes: string[]; household_composition: HouseholdComposition | null; placement_reasons: PlacementReason[]; desired_situation: DesiredSituation[] }[] =
      await this.txHost.tx.query(
        `SELECT region_codes, household_composition, placement_reasons, desired_situation FROM case_file WHERE id = $1`,
        [caseId],
      );
    const children: { birth_year: number; placement: Placement; protection_measure: ProtectionMeasure; placed_since_year: number | null }[] =
      await this.txHost.tx.query(
        `SELECT birth_year, placement, protection_measure, extract(year FROM placed_since)::int AS placed_since_year
           FROM case_child WHERE case_id = $1 ORDER BY birth_year, created_at, id`,
        [caseId],
      );
    return {
      regionCodes: row?.region_codes ?? [],
      householdComposition: row?.household_composition ?? null,
      placementReasons: row?.placement_reasons ?? [],
      desiredSituation: row?.desired_situation ?? [],
      children: children.map((c) => ({
        birthYear: c.birth_year, placement: c.placement, protectionMeasure: c.protection_measure, placedSinceYear: c.placed_since_year,
      })),
    };
  }

  /**
   * Everything that names the case or someone in it, as written in the case file: the family
   * (children's first names; parents, children and foster parents taking part) and everyone else
   * taking part, with every participant's e-mail address.
   */
  async identifyingStrings(caseId: string): Promise<{ reference: string; title: string; familyNames: string[]; otherNames: string[]; emails: string[] }> {
    const [file]: { reference: string; title: string }[] = await this.txHost.tx.query(`SELECT reference, title FROM case_file WHERE id = $1`, [caseId]);
    const children: { first_name: string }[] = await this.txHost.tx.query(
      `SELECT first_name FROM case_child WHERE case_id = $1 AND first_name IS NOT NULL`, [caseId],
    );
    const people: { display_name: string; email: string; role: string }[] = await this.txHost.tx.query(
      `SELECT u.display_name, u.email, p.role FROM case_participant p JOIN app_user u ON u.id = p.user_id WHERE p.case_id = $1`, [caseId],
    );
    const family = (role: string) => role === 'parent' || role === 'child' || role === 'foster_parent';
    return {
      reference: file?.reference ?? '',
      title: file?.title ?? '',
      familyNames: [...children.map((c) => c.first_name), ...people.filter((p) => family(p.role)).map((p) => p.display_name)],
      otherNames: people.filter((p) => !family(p.role)).map((p) => p.display_name),
      emails: people.map((p) => p.email),
    };
  }

  /** Whether this consent is still active (not revoked, not expired) and still covers every one of `scopes`. */
  async consentStillCovers(consentId: string, scopes: ConsentScope[]): Promise<boolean> {
    return (await this.consentsStillCovering([consentId], scopes)).has(consentId);
  }

  /** Those of `consentIds` still active (not revoked, not expired) and still covering every one of `scopes`, in one query. */
  async consentsStillCovering(consentIds: string[], scopes: ConsentScope[]): Promise<Set<string>> {
    if (consentIds.length === 0) return new Set();
    const found: { id: string }[] = await this.txHost.tx.query(
      `SELECT id FROM case_consent WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) AND scopes @> $2::text[]`,
      [consentIds, scopes],
    );
    return new Set(found.map((r) => r.id));
  }

  /**
   * The active consent (not revoked, not expired) a parent of the case gave to this person or their
   * organisation that covers every one of `scopes`, or null.
   */
  async activeConsentCovering(caseId: string, grantee: { userId: string; organisationId: string | null }, scopes: ConsentScope[]): Promise<string | null> {
    const [row]: { id: string }[] = await this.txHost.tx.query(
      `SELECT id FROM case_consent
        WHERE case_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
          AND (grantee_user_id = $2 OR grantee_organisation_id = $3::uuid) AND scopes @> $4::text[]
        ORDER BY grantee_user_id IS NULL, created_at DESC LIMIT 1`,
      [caseId, grantee.userId, grantee.organisationId, scopes],
    );
    return row?.id ?? null;
  }
}
