import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';

/** The monitor's user-facing errors: Dutch first, plain language. */
export const ReportErrors = {
  monthInFuture: (month: string) => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'month_in_future', {
    nl: `month: ${month} is nog niet begonnen; kies deze maand of een eerdere.`,
    en: `month: ${month} has not started yet; choose this month or an earlier one.`,
  }, { field: 'month' }),
  notInATeam: () => new DomainError(HttpStatus.FORBIDDEN, 'not_in_a_team', {
    nl: 'Alleen een coördinator van een ondersteuningsteam kan de maandrapportage van het team zien.',
    en: 'Only a coordinator of a support team can see the team’s monthly report.',
  }),
};
