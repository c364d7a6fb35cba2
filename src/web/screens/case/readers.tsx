import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { Consent, ConsentScope, Page, Participant } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';

const TEAM_OR_PARENT = new Set(['counsellor', 'coordinator', 'parent']);

/**
 * The others in a case (everyone not on the team and not a parent), split by whether the parents'
 * consent lets them read `scope`. A child never reads the parents' story, consent or not (the
 * server refuses it), so for the story a child is in neither list.
 */
export function splitPartners(participants: Participant[], consents: Consent[], scope: ConsentScope): { with: Participant[]; without: Participant[] } {
  const granted = consents.filter((c) => c.state === 'active' && c.scopes.includes(scope));
  const allowed = (p: Participant) => granted.some((c) => (c.grantee.type === 'user' ? c.grantee.id === p.userId : c.grantee.id === p.organisation?.id));
  const partners = participants.filter((p) => !TEAM_OR_PARENT.has(p.role) && !(scope === 'story' && p.role === 'child'));
  return { with: partners.filter(allowed), without: partners.filter((p) => !allowed(p)) };
}

/**
 * Says truthfully, with names, which partners of the case read `scope` and which do not (for the
 * parents and the team, who may list every consent). Partners themselves get the general rule.
 */
export function WhoReads({ caseId, participants, scope, show, boxed }: { caseId: string; participants: Participant[]; scope: ConsentScope; show: boolean; boxed?: boolean }) {
  const { t } = useI18n();
  const [consents, setConsents] = useState<Consent[] | null>(null);
  useEffect(() => {
    if (!show) return;
    api<Page<Consent>>(`/api/cases/${caseId}/consents?limit=200`).then((p) => setConsents(p.items), () => setConsents(null));
  }, [caseId, show]);
  if (!show || !consents) return null;
  const split = splitPartners(participants, consents, scope);
  const names = (list: Participant[]) => list.map((p) => p.displayName).join(', ');
  const text = (
    <p className="utrecht-paragraph utrecht-paragraph--small" data-testid="who-reads">
      {split.with.length ? t('readers.with', { names: names(split.with) }) : t('readers.withNobody')}
      {split.without.length ? ` ${t('readers.without', { names: names(split.without) })}` : ''}
    </p>
  );
  return boxed ? <div className="ev-audience">{text}</div> : text;
}
