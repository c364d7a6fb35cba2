import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError } from '../common/domain-error.js';

/** The help directory's errors: a code a client can branch on, and a message in Dutch and English naming the field. */
export const DirectoryErrors = {
  serviceNotFound: () => CommonErrors.notFound('directory_service'),
  unknownOrganization: () => CommonErrors.invalidField('organization.id', {
    nl: 'deze organisatie staat niet in het overzicht hulp.',
    en: 'this organization is not in the help directory.',
  }, 'unknown_organization'),
  unknownService: () => CommonErrors.invalidField('serviceId', {
    nl: 'deze hulp staat niet (meer) in het overzicht hulp.',
    en: 'this service is not (or no longer) in the help directory.',
  }, 'unknown_service'),
  /** An HSDS import with bad records: refused as a whole, every bad record named by its place in the document. */
  hsdsInvalid: (problems: { path: string; message: string }[]) => {
    const named = problems.slice(0, 20).map((p) => `${p.path} (${p.message})`).join('; ');
    const more = problems.length - 20;
    return new DomainError(HttpStatus.BAD_REQUEST, 'hsds_invalid', {
      nl: `Het HSDS-bestand is niet ingelezen; er is niets veranderd. Verbeter: ${named}${more > 0 ? ` en nog ${more}` : ''}.`,
      en: `The HSDS document was not imported; nothing changed. Fix: ${named}${more > 0 ? ` and ${more} more` : ''}.`,
    }, { fields: problems.map((p) => p.path), problems });
  },
};
