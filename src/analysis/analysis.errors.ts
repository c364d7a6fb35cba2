import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError } from '../common/domain-error.js';

/** The shared explanatory analysis's errors: a code a client can branch on, Dutch and English text. */
export const AnalysisErrors = {
  duplicateSection: () => CommonErrors.invalidField('sections', {
    nl: 'elk onderdeel komt maar één keer voor.', en: 'every section may appear only once.',
  }, 'duplicate_section_key'),
  noAnalysis: () => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'no_analysis', {
    nl: 'Er is nog geen analyse geschreven.', en: 'No analysis has been written yet.',
  }),
  alreadyFinal: (version: number) => CommonErrors.conflict('analysis_already_final', {
    nl: `Versie ${version} van de analyse is al vastgesteld. Een wijziging maakt een nieuwe versie.`,
    en: `Version ${version} of the analysis has been signed off already. A change makes a new version.`,
  }, { version }),
};
