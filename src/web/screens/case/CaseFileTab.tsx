import { label } from '../../components/labels.js';
import { Paragraph } from '../../components/ui.js';
import { formatDateTime, useI18n, type MessageKey } from '../../i18n/i18n.js';
import type { CaseContext } from './CaseScreen.js';

/** The structured fields the monitor counts, for the team. */
export function CaseFileTab({ caseFile }: CaseContext) {
  const { t, locale } = useI18n();
  const list = (prefix: string, codes: string[] | undefined) =>
    codes && codes.length ? codes.map((c) => { const k = `${prefix}.${c}` as MessageKey; const v = t(k); return v === k ? c.replace(/_/g, ' ') : v; }).join(', ') : t('common.unknown');
  const custody = caseFile.registrantHasCustody === true ? t('common.yes') : caseFile.registrantHasCustody === false ? t('common.no') : t('common.unknown');
  return (
    <>
      <Paragraph>{t('file.intro')}</Paragraph>
      <dl className="ev-facts">
        <dt>{t('file.status')}</dt><dd>{label(t, 'status', caseFile.status)}</dd>
        <dt>{t('file.lead')}</dt><dd>{caseFile.leadCounsellor?.displayName ?? t('common.unknown')}</dd>
        <dt>{t('file.regions')}</dt><dd>{caseFile.regionCodes?.length ? caseFile.regionCodes.join(', ') : t('common.unknown')}</dd>
        <dt>{t('file.household')}</dt><dd>{list('household', caseFile.householdComposition ? [caseFile.householdComposition] : undefined)}</dd>
        <dt>{t('file.custody')}</dt><dd>{custody}</dd>
        <dt>{t('file.placementReasons')}</dt><dd>{list('reason', caseFile.placementReasons)}</dd>
        <dt>{t('file.desired')}</dt><dd>{list('desired', caseFile.desiredSituation)}</dd>
        <dt>{t('file.support')}</dt><dd>{list('support', caseFile.supportRequests)}</dd>
        <dt>{t('file.created')}</dt><dd>{formatDateTime(caseFile.createdAt, locale)}</dd>
      </dl>
    </>
  );
}
