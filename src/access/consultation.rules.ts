import type { Role } from '../accounts/roles.js';

/**
 * Who may use a consultation of the expert pool (issue 19), one rule in one place:
 * - the expert it was put to (and no other expert: they get the same 404 as for an unknown id);
 * - the counsellor who asked it, while they are still a counsellor of its case (the consultations
 *   service then asks `AccessService.requireCase(…, Permission.ConsultationRequest, …)`, which
 *   answers 404 once they no longer take part).
 * Everyone else: 404. The expert never gets the case itself through a consultation: the case's own
 * rules (`decideCase`) still answer 404 to anyone who does not take part in it.
 */
export interface ConsultationParties {
  expertId: string;
  askedById: string;
}

export type ConsultationSide = 'expert' | 'counsellor';

export function consultationSideOf(consultation: ConsultationParties, user: { id: string; role: Role }): ConsultationSide | null {
  if (user.role === 'expert' && user.id === consultation.expertId) return 'expert';
  if (user.role === 'counsellor' && user.id === consultation.askedById) return 'counsellor';
  return null;
}
