import type { OutgoingMail } from '../mail/mail-transport.js';

/**
 * The receipt a registrant gets by mail: the reference, when we call, and (when configured) the
 * team's phone number. A child is written to as a child. Nothing of what they wrote is repeated.
 */
export function registrationReceivedMail(input: {
  to: string; name: string; reference: string; contactDays: number; child: boolean; phone: string | null; hours: string | null;
}): OutgoingMail {
  const nlCall = input.phone ? `${input.child ? 'Wil je eerder praten? Bel' : 'Wilt u eerder praten? Bel'} het steunteam: ${input.phone}${input.hours ? ` (${input.hours})` : ''}.` : '';
  const enCall = input.phone ? `Want to talk sooner? Call the support team: ${input.phone}${input.hours ? ` (${input.hours})` : ''}.` : '';
  return {
    to: input.to,
    subject: `Uw aanmelding bij Eenverhaal: ${input.reference} / Your registration`,
    text: [
      `${input.child ? 'Hoi' : 'Beste'} ${input.name},`,
      '',
      input.child
        ? `We hebben je aanmelding ontvangen. Je nummer is ${input.reference}. Binnen ${input.contactDays} dagen neemt iemand van het steunteam contact met je op.`
        : `Wij hebben uw aanmelding ontvangen. Uw nummer is ${input.reference}. Binnen ${input.contactDays} dagen neemt iemand van het steunteam contact met u op.`,
      nlCall,
      input.child ? 'Heb je je niet aangemeld? Dan hoef je niets te doen.' : 'Heeft u zich niet aangemeld? Dan hoeft u niets te doen.',
      '',
      '---',
      `We received your registration. Your number is ${input.reference}. Within ${input.contactDays} days someone from the support team will contact you.`,
      enCall,
      'Did you not register? Then you need not do anything.',
    ].filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n'),
  };
}
