import type { AuthUser } from '../auth/auth-user.js';

/**
 * The seam to the expert pool (issue 19). An expert consulted on a case through the pool does not
 * take part in the case (the case itself answers them 404), yet the contract lets them read the
 * shared explanatory analysis of that case, write a new version of it and record their positions —
 * on that case only. The analysis asks this port; the expert pool answers it
 * (`ConsultationsService.isConsultedOn`, wired in `AnalysisModule`).
 */
export abstract class ConsultedExperts {
  /** Whether `expertId` is consulted, right now, on the case `caseId`. */
  abstract isConsultedOn(expertId: string, caseId: string): Promise<boolean>;
  /**
   * For the expert asked, the case an open consultation is about (never shown to them): how they
   * add their view to the analysis from the consultation, without ever learning the case's id.
   */
  abstract caseForExpert(user: AuthUser, consultationId: string): Promise<string>;
}
