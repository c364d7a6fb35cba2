import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError } from '../common/domain-error.js';

export const PrivacyErrors = {
  exportRunning: (id: string) =>
    new DomainError(HttpStatus.CONFLICT, 'export_running', {
      nl: 'We maken al een kopie voor u. Wacht tot die klaar is; u ziet hoe ver hij is.',
      en: 'We are already making a copy for you. Wait until it is ready; you can see how far it is.',
    }, { id }),
  tooManyExports: (retryAfterSeconds: number) =>
    new DomainError(HttpStatus.TOO_MANY_REQUESTS, 'rate_limited', {
      nl: `U heeft vandaag al veel kopieën aangevraagd. U kunt over ${Math.ceil(retryAfterSeconds / 3600)} uur weer een nieuwe aanvragen; de kopieën die klaar zijn kunt u nog downloaden.`,
      en: `You have asked for many copies today. You can ask for a new one in ${Math.ceil(retryAfterSeconds / 3600)} hours; the copies that are ready can still be downloaded.`,
    }, { retryAfter: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) }),
  exportNotFound: () => CommonErrors.notFound('export'),
  exportExpired: () =>
    new DomainError(HttpStatus.GONE, 'export_expired', {
      nl: 'Deze kopie is niet meer te downloaden: we bewaren een kopie maar een paar dagen. Vraag gerust een nieuwe aan.',
      en: 'This copy can no longer be downloaded: we keep a copy for a few days only. You can ask for a new one.',
    }),
  exportNotReady: (status: string) =>
    new DomainError(HttpStatus.CONFLICT, 'export_not_ready', {
      nl: status === 'failed'
        ? 'Het maken van deze kopie is niet gelukt. Vraag een nieuwe aan; lukt het weer niet, bel dan uw procesbegeleider.'
        : 'Deze kopie is nog niet klaar. Even geduld.',
      en: status === 'failed' ? 'Making this copy failed. Ask for a new one; if it fails again, call your counsellor.' : 'This copy is not ready yet. Please wait.',
    }, { status }),
  legalHoldExists: () =>
    CommonErrors.conflict('legal_hold_exists', {
      nl: 'Dit dossier heeft al een bewaarplicht. Hef die eerst op als u de reden wilt veranderen.',
      en: 'This case is already under legal hold. Lift it first to change the reason.',
    }),
  noLegalHold: () => CommonErrors.notFound('legal_hold'),
  erasureRequestOpen: (id: string) =>
    CommonErrors.conflict('erasure_request_open', {
      nl: 'U heeft al gevraagd om verwijdering. Een coördinator beslist daar nog over; u krijgt bericht.',
      en: 'You have already asked for erasure. A coordinator is still deciding; you will hear from us.',
    }, { id }),
  erasureRequestNotFound: () => CommonErrors.notFound('erasure_request'),
  erasureRequestDecided: () =>
    CommonErrors.conflict('erasure_request_decided', {
      nl: 'Over dit verzoek is al beslist.',
      en: 'This request has already been decided.',
    }),
};
