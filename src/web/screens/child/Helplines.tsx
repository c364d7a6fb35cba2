import type { ChildChecklist } from '../../api/types.js';
import { Heading } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

/** Real public helplines a child can reach without anyone's permission, with a tap-to-call number. */
export function Helplines({ checklist }: { checklist: ChildChecklist }) {
  const { t } = useI18n();
  return (
    <>
      <ul className="ev-list" data-testid="helplines">
        {checklist.helplines.map((line) => (
          <li key={line.key} className="ev-helpline">
            <Heading level={3}>{line.name}</Heading>
            <p className="utrecht-paragraph">{line.about}</p>
            <p className="utrecht-paragraph utrecht-paragraph--small">{line.when}</p>
            <p className="utrecht-paragraph">
              {line.phone ? <><a className="utrecht-link" href={`tel:${line.phone.replace(/[^0-9+]/g, '')}`}>{t('child.call', { phone: line.phone })}</a> · </> : null}
              <a className="utrecht-link" href={line.url} rel="noopener noreferrer" target="_blank">{t('child.website', { name: line.name })}</a>
            </p>
          </li>
        ))}
      </ul>
      <p className="utrecht-paragraph"><strong>{checklist.emergency}</strong></p>
    </>
  );
}
