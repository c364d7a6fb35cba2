import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { AccessLogEntry, Page } from '../../api/types.js';
import { Alert, Checkbox, ErrorAlert, Loading, Paragraph, SelectField } from '../../components/ui.js';
import { formatDate, useI18n } from '../../i18n/i18n.js';
import type { CaseContext } from './CaseScreen.js';

type Entry = AccessLogEntry;

/** "Who looked at my file": every read and change, newest first, in plain words. */
export function AccessLogTab({ caseFile, isParent }: CaseContext) {
  const { t, locale } = useI18n();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  // What others did comes first; one's own reading is there on request.
  const [showOwn, setShowOwn] = useState(false);

  useEffect(() => {
    api<Page<Entry>>(`/api/cases/${caseFile.id}/access-log?limit=200`).then((p) => setEntries(p.items), setError);
  }, [caseFile.id]);

  const [person, setPerson] = useState('');
  const shown = entries?.filter((e) => (showOwn || !e.actor?.isYou) && (!person || personKey(e) === person)) ?? null;
  const people = groupByPerson(entries?.filter((e) => showOwn || !e.actor?.isYou) ?? []);
  const time = (iso: string) => new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });
  if (error instanceof ApiError && error.status === 404) return <Alert type="info">{t('error.notYet')}</Alert>;
  return (
    <>
      <Paragraph>{isParent ? t('access.intro') : t('access.introOthers')}</Paragraph>
      <ErrorAlert error={error} />
      {!entries && !error ? <Loading /> : null}
      {entries ? <Checkbox label={t('access.showOwn')} checked={showOwn} onChange={setShowOwn} /> : null}
      {entries && people.length > 1 ? (
        <SelectField label={t('access.filterPerson')} value={person} onChange={setPerson} placeholder={t('access.everyone')}
          options={people.map((p) => ({ value: p.key, label: personLabel(p.entries[0]) }))} />
      ) : null}
      {shown && shown.length === 0 ? <Paragraph>{t('access.none')}</Paragraph> : null}
      {shown && shown.length > 0 ? (
        // Per person, then per day; the same action on one day once, with how often and when.
        <div data-testid="access-log">
          {groupByPerson(shown).map((p) => (
            <section key={p.key} className="ev-card" aria-label={personLabel(p.entries[0])} data-testid="access-person">
              <h3 className="utrecht-heading-3">{personLabel(p.entries[0])}</h3>
              {groupByDay(p.entries, locale).map((day) => (
                <div key={day.day}>
                  <p className="utrecht-paragraph"><strong>{day.label}</strong></p>
                  <ul className="utrecht-unordered-list">
                    {day.actions.map((a) => (
                      <li key={a.what} className="utrecht-unordered-list__item">
                        {a.times.length > 1 && time(a.times[0]) === time(a.times[a.times.length - 1])
                          ? t('access.actionRepeatedAt', { what: a.what, count: a.times.length, time: time(a.times[0]) })
                          : a.times.length > 1
                          ? t('access.actionRepeated', { what: a.what, count: a.times.length, first: time(a.times[a.times.length - 1]), last: time(a.times[0]) })
                          : t('access.actionAt', { what: a.what, time: time(a.times[0]) })}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          ))}
        </div>
      ) : null}
    </>
  );

  function personLabel(e: Entry): string {
    if (!e.actor) return t('access.system');
    if (e.actor.isYou) return t('access.you');
    return [e.actor.displayName, [e.actor.roleLabel, e.actor.organisationName].filter(Boolean).join(', ')].filter(Boolean).join(' — ');
  }
}

const personKey = (e: Entry) => e.actor?.id ?? e.actor?.displayName ?? 'system';

/** Entries (newest first) per person, the person who did something last first. */
function groupByPerson(entries: Entry[]): { key: string; entries: Entry[] }[] {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) groups.set(personKey(e), [...(groups.get(personKey(e)) ?? []), e]);
  return [...groups].map(([key, list]) => ({ key, entries: list }));
}

/** One person's entries per day (in the Netherlands), each action once with its times (newest first). */
function groupByDay(entries: Entry[], locale: string): { day: string; label: string; actions: { what: string; times: string[] }[] }[] {
  const days = new Map<string, Map<string, string[]>>();
  for (const e of entries) {
    const day = new Date(e.at).toLocaleDateString('en-CA', { timeZone: 'Europe/Amsterdam' });
    const actions = days.get(day) ?? new Map<string, string[]>();
    const what = e.what ?? e.action;
    actions.set(what, [...(actions.get(what) ?? []), e.at]);
    days.set(day, actions);
  }
  return [...days].map(([day, actions]) => ({
    day,
    label: formatDate(`${day}T12:00:00Z`, locale),
    actions: [...actions].map(([what, times]) => ({ what, times })),
  }));
}
