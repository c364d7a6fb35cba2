import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import type { IdentifyingKind } from './identifying-text.js';

const WHAT: Record<IdentifyingKind, { nl: string; en: string }> = {
  email: { nl: 'een e-mailadres', en: 'an e-mail address' },
  phone: { nl: 'een telefoonnummer of ander lang nummer', en: 'a phone number or another long number' },
  id: { nl: 'een id', en: 'an id' },
  reference: { nl: 'een dossiernummer', en: 'a case reference' },
  name: { nl: 'een naam uit dit dossier', en: 'a name from this case file' },
};

export const ConsultationErrors = {
  unknownExpert: () => CommonErrors.invalidField('expertId', {
    nl: 'deze deskundige bestaat niet (meer) in de expertpool. Kies iemand uit de lijst.',
    en: 'this expert is not (or no longer) in the expert pool. Choose someone from the list.',
  }, 'unknown_expert'),
  consentMissing: () => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'consent_missing', {
    nl: 'basis: de ouder heeft deze deskundige (of de expertpool) nog geen toestemming gegeven voor het verhaal én de gegevens van de kinderen. Leg eerst de toestemming van de ouder vast, of kies "professionele noodzaak" als u zonder toestemming moet overleggen.',
    en: 'basis: the parent has not (yet) allowed this expert (or the expert pool) to see the story and the children\'s details. Record the parent\'s consent first, or choose "professional need" if you must consult without consent.',
  }, { field: 'basis' }),
  identifyingText: (field: 'question' | 'body', kind: IdentifyingKind) => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'identifying_text', {
    nl: `${field}: uw tekst bevat ${WHAT[kind].nl}. De specialist ziet het gezin alleen onder een schuilnaam; haal namen, e-mailadressen, telefoonnummers en het dossiernummer weg.`,
    en: `${field}: your text contains ${WHAT[kind].en}. The specialist sees the family only under a pseudonym; remove names, e-mail addresses, phone numbers and the case reference.`,
  }, { field, kind }),
  consentWithdrawn: () => new DomainError(HttpStatus.FORBIDDEN, 'consent_withdrawn', {
    nl: 'De ouder heeft de toestemming voor dit overleg ingetrokken, of die is afgelopen. U kunt het niet meer lezen of aanvullen.',
    en: 'The parent withdrew the consent for this consultation, or it ended. You can no longer read or add to it.',
  }),
  closed: () => CommonErrors.conflict('consultation_closed', {
    nl: 'Dit overleg is afgesloten. Stel een nieuwe vraag als u verder wilt.',
    en: 'This consultation is closed. Ask a new question to continue.',
  }),
};
