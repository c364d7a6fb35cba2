import { Injectable } from '@nestjs/common';

/**
 * The seam to the expert pool (issue 19). An expert consulted on a case through the pool does not
 * take part in the case (the case itself answers them 404), yet the contract lets them read the
 * shared explanatory analysis of that case, write a new version of it and record their positions —
 * on that case only. The analysis asks this port; the expert pool provides the real answer (see
 * `AnalysisModule` and the README's section on the plan and the analysis for the wiring).
 */
export abstract class ConsultedExperts {
  /** Whether `expertId` is consulted, right now, on the case `caseId`. */
  abstract isConsultedOn(expertId: string, caseId: string): Promise<boolean>;
}

/** Until the expert pool answers: nobody is consulted on any case. */
@Injectable()
export class NoConsultedExperts extends ConsultedExperts {
  isConsultedOn(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
