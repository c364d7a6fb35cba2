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
  hsdsInvalid: (problems: { path: string; message: string }[]) => new DomainError(HttpStatus.BAD_REQUEST, 'hsds_invalid', {
    nl: `Het HSDS-bestand is niet ingelezen; er is niets veranderd. Verbeter: ${problems.slice(0, 20).map((p) => `${p.path} (${p.message})`).join('; ')}${problems.length > 20 ? ` en nog ${problems.length - 20}` : ''}.`,
    en: `The HSDS document was not imported; nothing changed. Fix: ${problems.slice(0, 20).map((p) => `${p.path} (${p.message})`).join('; ')}${problems.length > 20 ? ` and ${problems.length - 20} more` : ''}.`,
  }, { fields: problems.map((p) => p.path), problems }),
};
