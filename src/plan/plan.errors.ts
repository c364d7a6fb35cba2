import { CommonErrors } from '../common/domain-error.js';

/** The plan's errors: a code a client can branch on, a message in Dutch and English naming the field. */
export const PlanErrors = {
  goalNotFound: () => CommonErrors.notFound('goal'),
  actionNotFound: () => CommonErrors.notFound('action'),
  reasonRequired: () => CommonErrors.invalidField('reason', {
    nl: 'schrijf op waarom dit doel stopt. De ouder ziet wie het deed en waarom.',
    en: 'write down why this goal is dropped. The parent sees who did it and why.',
  }, 'reason_required'),
  reasonWithoutDrop: () => CommonErrors.invalidField('reason', {
    nl: 'een reden hoort alleen bij status "dropped" (gestopt).',
    en: 'a reason belongs only with status "dropped".',
  }, 'reason_without_drop'),
  emptyTitle: () => CommonErrors.invalidField('title', { nl: 'schrijf een titel (1 tot 200 tekens).', en: 'write a title (1 to 200 characters).' }, 'invalid_title'),
  notInCase: (name: string) => CommonErrors.invalidField(name, {
    nl: 'deze persoon doet niet mee in dit dossier.',
    en: 'this person does not take part in this case.',
  }, 'not_in_case'),
};
