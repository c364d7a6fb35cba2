import { Permission } from '../auth/permission.js';
import { CommonErrors, type DomainError } from '../common/domain-error.js';
import { sideOf, type CaseAccess, type CasePermission } from './access.rules.js';

/**
 * Children's own place (issue 20): what a child never sees of a case, and who reads a child's voice.
 * Pure functions over the same `CaseAccess` the case rules use; `decideCase` asks `refuseChild` first.
 */

/** Whom a child can let read their voice. The counsellor (the team) always reads it. */
export const CHILD_VOICE_READERS = ['counsellor', 'parents', 'guardian'] as const;
export type ChildVoiceReader = (typeof CHILD_VOICE_READERS)[number];

/** The caller takes part in the case as a child, or is a child's account. */
export function isChildAccess(access: CaseAccess): boolean {
  return access.participantRole === 'child' || access.accountRole === 'child';
}

/**
 * A child never sees the parents' story, the access log or the consents (not even consents given
 * to them), whatever a parent granted: those are the parents' and the professionals' business.
 * null: nothing to refuse here (the case rules decide the rest).
 */
export function refuseChild(permission: CasePermission, access: CaseAccess): DomainError | null {
  if (!isChildAccess(access)) return null;
  switch (permission) {
    case Permission.CaseStoryRead:
    case Permission.CaseStoryWrite:
    case Permission.CaseStoryConfirm:
    case Permission.CaseConsentRead:
    case Permission.CaseConsentManage:
    case Permission.CaseAccessLogRead:
    case Permission.CaseResultRead:
      return CommonErrors.forbidden();
    default:
      return null;
  }
}

/** The facts about one child record that the voice rules decide from. */
export interface ChildVoiceFacts {
  /** The child's account linked to the record, or null. */
  linkedUserId: string | null;
  /** Whom the child chose (always holds `counsellor`); empty when there is no voice yet. */
  visibleTo: readonly ChildVoiceReader[];
}

/**
 * Who reads a child's voice: the linked child; the team (the case's counsellors and the team's
 * coordinators) always; a parent of the case only when the child chose `parents`; a guardian of
 * the case only when the child chose `guardian`. Nobody else: not a partner with the parents' full
 * consent, not a foster parent, not a brother or sister. The parents' consent has no say here.
 */
export function mayReadChildVoice(access: CaseAccess, child: ChildVoiceFacts): boolean {
  if (child.linkedUserId !== null && child.linkedUserId === access.userId) return true;
  if (isChildAccess(access)) return false;
  const side = sideOf(access);
  if (side === 'team') return true;
  if (side === 'parent') return child.visibleTo.includes('parents');
  return access.participantRole === 'guardian' && child.visibleTo.includes('guardian');
}

/** Only the child linked to the record writes its voice. */
export function mayWriteChildVoice(access: CaseAccess, child: Pick<ChildVoiceFacts, 'linkedUserId'>): boolean {
  return child.linkedUserId !== null && child.linkedUserId === access.userId && access.participantRole === 'child';
}
