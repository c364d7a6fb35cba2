import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { ChildChecklist } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { ErrorAlert, Heading, Loading, PageTitle, Paragraph } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { Helplines } from './Helplines.js';

/**
 * The checklist for children (public, no account): what happens now, who can I talk to, what are
 * my rights. The text is the server's (`GET /api/children/checklist?lang=`), in the chosen language.
 */
export default function ChecklistScreen() {
  const { t, language } = useI18n();
  const { state } = useSession();
  const [checklist, setChecklist] = useState<ChildChecklist | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<ChildChecklist>(`/api/children/checklist?lang=${language}`, { anonymous: true }).then(setChecklist, setError);
  }, [language]);
  const loggedIn = state.status === 'ready';

  if (!checklist) {
    return <>{error ? <><PageTitle>{t('child.checklistTitle')}</PageTitle><ErrorAlert error={error} /></> : <Loading />}</>;
  }
  return (
    <div className="ev-narrow">
      <p className="utrecht-paragraph"><Link href="/">{loggedIn ? t('child.backHome') : t('child.checklistBack')}</Link></p>
      <PageTitle>{checklist.title}</PageTitle>
      <Paragraph lead>{checklist.intro}</Paragraph>
      {checklist.sections.map((section) => (
        <section key={section.key} aria-labelledby={`checklist-${section.key}`} className="ev-card">
          <Heading level={2} id={`checklist-${section.key}`}>{section.title}</Heading>
          <ul className="utrecht-unordered-list">
            {section.items.map((item) => <li key={item} className="utrecht-unordered-list__item">{item}</li>)}
          </ul>
          {section.key === 'talk' ? <Helplines checklist={checklist} /> : null}
        </section>
      ))}
      {!loggedIn ? <Paragraph><Link href="/register?route=child">{t('child.checklistRegister')}</Link></Paragraph> : null}
    </div>
  );
}
