import type { DirectoryService } from '../../api/types.js';
import { Heading, StatusBadge } from '../../components/ui.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';

export const themeKey = (theme: string) => `dir.themeName.${theme}` as MessageKey;

/** One service, said plainly: what, for whom, referral yes/no, how to apply, contact. */
export function ServiceCard({ service, regionName, headingLevel = 3, folded = false, children }: {
  service: DirectoryService; regionName(code: string): string; headingLevel?: 2 | 3;
  /** The facts folded away under "Meer over deze hulp" (the parent's start page, where it is one part of many). */
  folded?: boolean; children?: React.ReactNode;
}) {
  const { t } = useI18n();
  const o = service.organization;
  const facts = (
    <dl className="ev-facts">
      <dt>{t('dir.what')}</dt><dd>{service.description}</dd>
      <dt>{t('dir.forWhom')}</dt><dd>{service.eligibility}</dd>
      <dt>{t('dir.referral')}</dt><dd>{service.referralNeeded ? t('dir.referralYes') : t('dir.referralNo')}</dd>
      <dt>{t('dir.howToApply')}</dt><dd>{service.howToApply}</dd>
      <dt>{t('dir.regions')}</dt><dd>{service.regionCodes.length ? service.regionCodes.map(regionName).join(', ') : t('dir.nationwide')}</dd>
      {service.locations.length ? (<><dt>{t('dir.where')}</dt><dd>{service.locations.map((l) => `${l.address}, ${l.postalCode} ${l.city}`).join('; ')}</dd></>) : null}
      {o.phone || o.email || o.url ? (
        <>
          <dt>{t('dir.contact')}</dt>
          <dd>
            {o.phone ? <><a className="utrecht-link" href={`tel:${o.phone.replace(/[^+0-9]/g, '')}`}>{o.phone}</a><br /></> : null}
            {o.email ? <><a className="utrecht-link" href={`mailto:${o.email}`}>{o.email}</a><br /></> : null}
            {o.url ? <a className="utrecht-link" href={o.url} rel="noopener noreferrer">{t('dir.website')}: {o.url}</a> : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
  return (
    <article className="ev-card" aria-labelledby={`svc-${service.id}`}>
      <Heading level={headingLevel} id={`svc-${service.id}`}>{service.name}</Heading>
      <p className="utrecht-paragraph ev-meta">
        {o.name} · {service.themes.map((x) => t(themeKey(x))).join(', ')}
        {service.isDemo ? <> · <StatusBadge kind="warning">{t('dir.demo')}</StatusBadge></> : null}
      </p>
      {folded ? <details><summary>{t('dir.home.more')}</summary>{facts}</details> : facts}
      {children}
    </article>
  );
}
