import { Injectable } from '@nestjs/common';
import type { DirectoryTheme } from '../shared/directory-vocabulary.js';
import { DirectoryService } from './directory.service.js';

interface DemoService {
  org: string; name: string; description: string; themes: DirectoryTheme[]; regionCodes: string[];
  eligibility: string; referralNeeded: boolean; howToApply: string; city: string; address: string; postalCode: string;
}

const DEMO = ' Dit is een verzonnen voorbeeld (demo): deze hulp bestaat niet.';

/** Invented services of invented organisations, each marked "(demo)" and as demo in the data: never real help. */
const DEMO_SERVICES: DemoService[] = [
  { org: 'Woonhulp Zwolle (demo)', name: 'Urgentie voor een woning (demo)', themes: ['housing'], regionCodes: ['ijsselland'], city: 'Zwolle', address: 'Voorbeeldstraat 1', postalCode: '8011 AA',
    description: 'Wij helpen u een urgentieverklaring aan te vragen als u snel een huis nodig heeft, bijvoorbeeld om uw kinderen weer thuis te laten wonen.',
    eligibility: 'Ouders in de regio IJsselland die geen eigen woning hebben.', referralNeeded: false,
    howToApply: 'Bel ons of kom langs op het inloopspreekuur op dinsdag.' },
  { org: 'Schuldhulp Rijnmond (demo)', name: 'Schuldhulp op maat (demo)', themes: ['debts_and_money'], regionCodes: ['rijnmond'], city: 'Rotterdam', address: 'Proefplein 12', postalCode: '3011 AB',
    description: 'Een vaste schuldhulpverlener zoekt samen met u uit welke schulden er zijn en maakt een plan. Ook voor ouders die gedupeerd zijn door de toeslagenaffaire.',
    eligibility: 'Inwoners van Rijnmond met schulden.', referralNeeded: false,
    howToApply: 'Vul het formulier op onze website in of bel. U hoort binnen een week van ons.' },
  { org: 'Advocatencollectief Jeugdrecht (demo)', name: 'Advocaat jeugdrecht (demo)', themes: ['legal_aid', 'contact_with_children'], regionCodes: [], city: 'Utrecht', address: 'Voorbeeldgracht 3', postalCode: '3511 AC',
    description: 'Een advocaat die veel weet van uithuisplaatsing, ondertoezichtstelling en omgang. Hij of zij gaat met u mee naar de rechter.',
    eligibility: 'Ouders in heel Nederland met een zaak over hun kinderen bij de rechter.', referralNeeded: false,
    howToApply: 'Bel ons. Met een laag inkomen betaalt u vaak weinig (gesubsidieerde rechtsbijstand).' },
  { org: 'Juridisch Spreekuur Amsterdam (demo)', name: 'Gratis juridisch advies (demo)', themes: ['legal_aid'], regionCodes: ['amsterdam-amstelland'], city: 'Amsterdam', address: 'Testkade 7', postalCode: '1012 AD',
    description: 'Gratis advies over uw rechten: bij de jeugdbescherming, bij het inzien van uw dossier en bij brieven die u niet begrijpt.',
    eligibility: 'Iedereen in Amsterdam-Amstelland.', referralNeeded: false,
    howToApply: 'Kom zonder afspraak op maandag of donderdag tussen 10 en 12 uur.' },
  { org: 'Opvoedsteun Twente (demo)', name: 'Ouderschap na een uithuisplaatsing (demo)', themes: ['parenting_support', 'contact_with_children'], regionCodes: ['twente', 'ijsselland'], city: 'Enschede', address: 'Oefenlaan 5', postalCode: '7511 AE',
    description: 'Een coach helpt u bij bezoek aan uw kind en bij het contact met het pleeggezin.',
    eligibility: 'Ouders van wie een kind uit huis is geplaatst.', referralNeeded: true,
    howToApply: 'Vraag een verwijzing aan het wijkteam of uw huisarts. Daarna belt de coach u.' },
  { org: 'GGZ Voorbeeld (demo)', name: 'Traumatherapie voor ouders (demo)', themes: ['mental_health'], regionCodes: ['rijnmond', 'haaglanden'], city: 'Den Haag', address: 'Modelweg 20', postalCode: '2511 AF',
    description: 'Therapie voor ouders die veel hebben meegemaakt, zoals het verlies van de zorg voor hun kind.',
    eligibility: 'Volwassenen met klachten na een ingrijpende gebeurtenis.', referralNeeded: true,
    howToApply: 'U heeft een verwijzing van uw huisarts nodig. Stuur die naar ons, dan maken wij een afspraak.' },
  { org: 'Lotgenotenkring (demo)', name: 'Praatgroep voor ouders (demo)', themes: ['peer_support'], regionCodes: [], city: 'Amersfoort', address: 'Voorbeeldhof 2', postalCode: '3811 AG',
    description: 'Eens per maand praten ouders met elkaar die hetzelfde meemaakten. U hoeft niets te vertellen als u dat niet wilt.',
    eligibility: 'Ouders van uit huis geplaatste kinderen, in heel Nederland (ook online).', referralNeeded: false,
    howToApply: 'Stuur een mail. Wij nodigen u uit voor de volgende bijeenkomst.' },
  { org: 'Kindertelefoon Voorbeeld (demo)', name: 'Chat voor kinderen (demo)', themes: ['children_and_youth'], regionCodes: [], city: 'Utrecht', address: 'Proefstraat 9', postalCode: '3512 AH',
    description: 'Kinderen en jongeren kunnen chatten over wat ze meemaken. Anoniem en gratis.',
    eligibility: 'Kinderen en jongeren van 8 tot 18 jaar.', referralNeeded: false,
    howToApply: 'Chat op de website, elke dag van 14 tot 20 uur.' },
  { org: 'Werkpunt Friesland (demo)', name: 'Hulp bij werk zoeken (demo)', themes: ['work_and_income'], regionCodes: ['friesland'], city: 'Leeuwarden', address: 'Demolaan 4', postalCode: '8911 AJ',
    description: 'Samen met een coach zoekt u werk dat bij u past, ook als u lang niet gewerkt heeft.',
    eligibility: 'Inwoners van Friesland met een uitkering of zonder werk.', referralNeeded: true,
    howToApply: 'Vraag uw klantmanager van de gemeente om u aan te melden.' },
  { org: 'Omgangshuis Zuid (demo)', name: 'Begeleide omgang (demo)', themes: ['contact_with_children'], regionCodes: ['zuidoost-brabant', 'midden-brabant'], city: 'Eindhoven', address: 'Teststraat 15', postalCode: '5611 AK',
    description: 'Een veilige plek waar u uw kind ziet, met een begeleider erbij als dat nodig is.',
    eligibility: 'Ouders met een bezoeksregeling via de rechter of de jeugdbescherming.', referralNeeded: true,
    howToApply: 'De gezinsvoogd of de rechter meldt u aan. Vraag er gerust naar.' },
];

@Injectable()
export class DirectoryDemoService {
  constructor(private readonly directory: DirectoryService) {}

  /** Called by `npm run demo` (src/demo/demo.service.ts), inside its transaction. */
  async seed(): Promise<number> {
    const organizations = new Map<string, string>();
    for (const s of DEMO_SERVICES) {
      const known = organizations.get(s.org);
      const created = await this.directory.create({
        name: s.name, description: s.description + DEMO, themes: s.themes, regionCodes: s.regionCodes, eligibility: s.eligibility,
        referralNeeded: s.referralNeeded, howToApply: s.howToApply,
        organization: { ...(known ? { id: known } : {}), name: s.org, url: 'https://demo.eenverhaal.test/', email: 'hulp@demo.eenverhaal.test', phone: '0800 000 0000' },
        locations: [{ address: s.address, postalCode: s.postalCode, city: s.city }],
      }, { isDemo: true });
      organizations.set(s.org, created.organization.id);
    }
    return DEMO_SERVICES.length;
  }
}
