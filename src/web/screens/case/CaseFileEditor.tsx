import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { CaseFile, CaseStatus } from '../../api/types.js';
import { label } from '../../components/labels.js';
import { ErrorSummary } from '../../components/errors.js';
import { Button, ButtonGroup, Checkbox, ErrorAlert, FormField, LiveNotice, Paragraph } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import type { CaseContext } from './CaseScreen.js';
import {
  ChoiceGroup, DESIRED_SITUATIONS, HOUSEHOLD_COMPOSITIONS, PLACEMENT_REASONS, RadioGroup, STATUS_TRANSITIONS,
  SUPPORT_REQUESTS, toggle, useFormSubmit, word,
} from './casework.js';

type Custody = 'yes' | 'no' | 'unknown';
const FIELDS = ['status', 'regionCodes', 'householdComposition', 'registrantHasCustody', 'placementReasons', 'desiredSituation', 'supportRequests'] as const;

/**
 * The case file's structured fields (what the monitor counts), changed by the team: the case's
 * counsellors and the team's coordinators. Parents see the read-only CaseFileTab.
 */
export function CaseFileEditor({ caseFile, reload }: CaseContext) {
  const { t, locale } = useI18n();
  const [regions, setRegions] = useState<{ code: string; name: string }[] | null>(null);
  const [status, setStatus] = useState<CaseStatus>(caseFile.status);
  const [regionCodes, setRegionCodes] = useState<string[]>(caseFile.regionCodes ?? []);
  const [household, setHousehold] = useState<string>(caseFile.householdComposition ?? '');
  const [custody, setCustody] = useState<Custody>(custodyOf(caseFile));
  const [reasons, setReasons] = useState<string[]>(caseFile.placementReasons ?? []);
  const [desired, setDesired] = useState<string[]>(caseFile.desiredSituation ?? []);
  const [support, setSupport] = useState<string[]>(caseFile.supportRequests ?? []);
  const { busy, errors, setErrors, formError: error, setFormError: setError, run } = useFormSubmit(FIELDS, t);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    api<{ code: string; name: string }[]>('/api/regions').then(setRegions, () => setRegions([]));
  }, []);
  // After a save (or someone else's change) the case is fetched again: the status the form starts from follows it.
  useEffect(() => setStatus(caseFile.status), [caseFile.status]);

  const statusOptions: CaseStatus[] = [caseFile.status, ...STATUS_TRANSITIONS[caseFile.status]];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setError(null);
    setSaved(null);
    await run(async () => {
      await api<CaseFile>(`/api/cases/${caseFile.id}`, {
        method: 'PATCH',
        body: {
          ...(status !== caseFile.status ? { status } : {}),
          regionCodes,
          ...(household ? { householdComposition: household } : {}),
          registrantHasCustody: custody === 'yes' ? true : custody === 'no' ? false : null,
          placementReasons: reasons,
          desiredSituation: desired,
          supportRequests: support,
        },
      });
      setSaved(t('cw.file.saved'));
      reload();
    });
  };

  return (
    <>
      <Paragraph>{t('file.intro')}</Paragraph>
      <dl className="ev-facts">
        <dt>{t('file.lead')}</dt><dd>{caseFile.leadCounsellor?.displayName ?? t('common.unknown')}</dd>
        <dt>{t('file.created')}</dt><dd>{formatDateTime(caseFile.createdAt, locale)}</dd>
        <dt>{t('cw.file.changed')}</dt><dd>{formatDateTime(caseFile.updatedAt, locale)}</dd>
      </dl>
      <form onSubmit={save} className="ev-card" noValidate aria-labelledby="cw-file-form-title">
        <h3 id="cw-file-form-title" className="utrecht-heading-3">{t('cw.file.editTitle')}</h3>
        <Paragraph small>{t('cw.file.editIntro')}</Paragraph>
        <ErrorSummary errors={errors} />
        <ErrorAlert error={error} />
        <FormField label={t('file.status')} description={t('cw.file.statusHelp')} error={errors.status}>
          {({ id, describedBy, invalid }) => (
            <select id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} className="utrecht-select utrecht-select--html-select"
              value={status} onChange={(e) => setStatus(e.target.value as CaseStatus)}>
              {statusOptions.map((s) => (
                <option key={s} value={s}>{s === caseFile.status ? t('cw.file.statusCurrent', { status: label(t, 'status', s) }) : label(t, 'status', s)}</option>
              ))}
            </select>
          )}
        </FormField>
        <ChoiceGroup legend={t('file.regions')} description={t('cw.file.regionsHelp')} error={errors.regionCodes} columns>
          {regions === null ? <Paragraph small>{t('common.loading')}</Paragraph> : regions.map((r) => (
            <Checkbox key={r.code} label={r.name} checked={regionCodes.includes(r.code)} onChange={(on) => setRegionCodes((list) => toggle(list, r.code, on))} />
          ))}
        </ChoiceGroup>
        <RadioGroup legend={t('file.household')} error={errors.householdComposition} value={household} onChange={setHousehold}
          options={HOUSEHOLD_COMPOSITIONS.map((h) => ({ value: h, label: word(t, 'household', h) }))} />
        <RadioGroup<Custody> legend={t('file.custody')} description={t('cw.file.custodyHelp')} error={errors.registrantHasCustody} value={custody} onChange={setCustody}
          options={[{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }, { value: 'unknown', label: t('common.unknown') }]} />
        <ChoiceGroup legend={t('file.placementReasons')} description={t('cw.file.manyHelp')} error={errors.placementReasons}>
          {PLACEMENT_REASONS.map((code) => (
            <Checkbox key={code} label={word(t, 'reason', code)} checked={reasons.includes(code)} onChange={(on) => setReasons((list) => toggle(list, code, on))} />
          ))}
        </ChoiceGroup>
        <ChoiceGroup legend={t('file.desired')} description={t('cw.file.manyHelp')} error={errors.desiredSituation}>
          {DESIRED_SITUATIONS.map((code) => (
            <Checkbox key={code} label={word(t, 'desired', code)} checked={desired.includes(code)} onChange={(on) => setDesired((list) => toggle(list, code, on))} />
          ))}
        </ChoiceGroup>
        <ChoiceGroup legend={t('file.support')} description={t('cw.file.manyHelp')} error={errors.supportRequests}>
          {SUPPORT_REQUESTS.map((code) => (
            <Checkbox key={code} label={word(t, 'support', code)} checked={support.includes(code)} onChange={(on) => setSupport((list) => toggle(list, code, on))} />
          ))}
        </ChoiceGroup>
        <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('cw.file.save')}</Button></ButtonGroup>
        <LiveNotice message={saved} />
      </form>
    </>
  );
}

function custodyOf(caseFile: CaseFile): Custody {
  return caseFile.registrantHasCustody === true ? 'yes' : caseFile.registrantHasCustody === false ? 'no' : 'unknown';
}
