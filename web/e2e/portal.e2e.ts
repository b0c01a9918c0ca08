// The portal in a real browser, through the UI: an SR office records a
// contract, the contractor registers and builds a plan (a candidate by code),
// the office approves it, the contractor reports with evidence (a PDF that
// passes the check and a CSV with a BSN that does not) and cites the PDF on
// the line it backs, the office accepts the report seeing each line's
// evidence, the contractor proposes a plan amendment and the office approves
// it beside the plan in force, a passed deadline raises a flag on the start
// page and the office fines it, which closes the contract. Then the list, the
// catalog, English, a phone screen and the keyboard alone. Then contracts
// that change after the award: amended and ended early, cancelled, below the
// threshold, and a report where the office asks evidence with every line
// (their fixtures through the API, what is tested through the page). Every
// page is checked with axe-core and photographed (e2e/screenshots/).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { call, checkPage, day, describeViolations, devToken, dueAfter, go, launch, nl, type Session, see, signIn } from './helpers';

const base = inject('baseURL');
let browser: Browser;
let office: Session;
let contractor: Session;

// A contract that ran in the first half of last year, so every deadline has
// passed: quarterly reports for Q1 and Q2 and the final report.
const year = new Date().getFullYear() - 1;
const awarded = `${year}-01-06`;
const starts = `${year}-02-01`;
const ends = `${year}-06-30`;
const reference = `UTR-${year}-E2E`;
const title = 'Schoonmaak stadskantoor';
const kvk = '12345678';
const euro = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ').trim();

const dir = mkdtempSync(join(tmpdir(), 'srm-e2e-'));
const pdf = join(dir, 'factuur-2025-0042.pdf');
writeFileSync(pdf, '%PDF-1.4\n1 0 obj\n<< >>\nstream\nBT (Factuur 2025-0042 schoonmaak) Tj ET\nendstream\nendobj\n%%EOF\n');
const csv = join(dir, 'presentielijst.csv');
writeFileSync(csv, 'naam,bsn,uren\nJan Jansen,123456782,32\n');

async function axe(s: Session, name: string) {
  const serious = await checkPage(s, name);
  expect(serious, describeViolations(serious)).toEqual([]);
}

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe.sequential('the life of a contract, through the portal', () => {
  test('the sign-in page names the problem at the field, and signs in an SR office', async () => {
    const s = await signInPage();
    const { page } = s;
    await axe(s, '01-sign-in');
    // Nothing typed: the browser's own check, at the field.
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await see(page.getByRole('heading', { name: 'Er is een probleem' }));
    await see(page.locator('#f-org-error', { hasText: 'Vul een of meer gemeenten in.' }));
    // A municipality the system does not serve: the dev server's 422, at the field.
    await page.getByLabel('Gemeente(n)').fill('utrecht,atlantis');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await see(page.locator('#f-org-error', { hasText: 'unknown municipality atlantis' }));
    expect(await page.getByLabel('Gemeente(n)').inputValue()).toBe('utrecht,atlantis');
    await axe(s, '01-sign-in-error');
    await s.context.close();
    office = await signIn(browser, base, 'municipality', 'utrecht');
    await axe(office, '02-office-start-empty');
  });

  test('the office records a contract, with the obligation previewed as it types', async () => {
    const { page } = office;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contract vastleggen' }));
    await page.getByRole('heading', { level: 1, name: 'Contract vastleggen' }).waitFor();
    await page.getByLabel('Kenmerk').fill(reference);
    await page.getByLabel('Omschrijving').fill(title);
    await page.getByLabel('KvK-nummer opdrachtnemer').fill(kvk);
    await page.getByLabel('Naam opdrachtnemer').fill('Schoon B.V.');
    await page.getByLabel('Opdrachtwaarde').fill('500.000');
    await page.getByLabel('Datum gunning').fill(nl(awarded));
    await page.getByLabel('Startdatum').fill(nl(starts));
    await page.getByLabel('Einddatum').fill(nl(ends));
    // 5% of € 500.000, from POST /valuations.
    await see(page.getByTestId('obligation').filter({ hasText: '25.000,00' }), 'the obligation € 25.000,00');
    expect(euro(await page.getByTestId('obligation').textContent())).toBe('€ 25.000,00');
    await axe(office, '03-office-new-contract');
    await page.getByRole('button', { name: 'Contract vastleggen' }).click();
    await page.getByRole('heading', { level: 1, name: `${reference}: ${title}` }).waitFor();
    await see(page.getByText(`Contract ${reference} is vastgelegd.`));
    await see(page.getByRole('region', { name: 'Termijnen' }).getByText(`Aanmelden uiterlijk`));
    await axe(office, '04-office-contract-recorded');
  });

  test('a second contract with the same reference is refused, and what was typed stays', async () => {
    const { page } = office;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contract vastleggen' }));
    await page.getByLabel('Kenmerk').fill(reference);
    await page.getByLabel('Omschrijving').fill('Dubbel');
    await page.getByLabel('KvK-nummer opdrachtnemer').fill(kvk);
    await page.getByLabel('Naam opdrachtnemer').fill('Schoon B.V.');
    await page.getByLabel('Opdrachtwaarde').fill('1.234,5');
    await page.getByLabel('Datum gunning').fill(nl(awarded));
    await page.getByLabel('Startdatum').fill(nl(starts));
    await page.getByLabel('Einddatum').fill(nl(ends));
    await page.getByRole('button', { name: 'Contract vastleggen' }).click();
    await see(page.getByRole('alert').getByText('Dit kan nu niet.'), 'the conflict in the error summary');
    expect(await page.getByLabel('Omschrijving').inputValue()).toBe('Dubbel');
    expect(await page.getByLabel('Opdrachtwaarde').inputValue()).toBe('1.234,5');
    await axe(office, '05-office-duplicate-reference');
  });

  test('the contractor sees the contract, registers and builds a plan valued live', async () => {
    contractor = await signIn(browser, base, 'contractor', kvk);
    const { page } = contractor;
    const task = page.locator('.task', { hasText: reference });
    await see(task.getByText('Aanmelden bij het SR-bureau'));
    await axe(contractor, '06-contractor-start');
    await go(task.getByRole('link', { name: 'Aanmelden', exact: true }));
    await page.getByLabel('Naam contactpersoon').fill('Fatima el Amrani');
    await page.getByLabel('E-mailadres').fill('sr@schoon.nl');
    await page.getByRole('button', { name: 'Aanmelden bij het SR-bureau' }).click();
    await see(page.getByRole('region', { name: 'Aanmelding' }).getByText('Fatima el Amrani'));
    await go(page.getByRole('region', { name: 'Plan', exact: true }).getByRole('link', { name: 'Plan opstellen' }));
    await page.getByRole('heading', { level: 1, name: 'Social-returnplan' }).waitFor();

    const row1 = page.getByRole('group', { name: 'Bouwblok 1' });
    await row1.getByLabel('Soort', { exact: true }).selectOption('bbl');
    await row1.getByLabel('Uren per week').fill('32');
    await row1.getByLabel('Maanden').fill('12');
    // 1 person x 32/36 h x 12/12 months x € 35.000.
    await see(page.getByTestId('plan-value').filter({ hasText: '31.111,11' }), 'the plan valued at € 31.111,11');
    // A candidate is named by a pseudonymous code: a name is refused at the field.
    await row1.getByLabel('Kandidaat').fill('Jan Jansen');
    await see(row1.locator('#f-items-0-candidate-error', { hasText: 'alleen letters' }), 'the candidate code checked in the browser');
    await row1.getByLabel('Kandidaat').fill('K-017');
    await row1.locator('#f-items-0-candidate-error').waitFor({ state: 'detached' });

    // A second block with too many months: the API's 422, next to the field.
    await page.getByRole('button', { name: 'Bouwblok toevoegen' }).click();
    const row2 = page.getByRole('group', { name: 'Bouwblok 2' });
    await row2.getByLabel('Soort', { exact: true }).selectOption('participatiewet');
    await row2.getByLabel('Uren per week').fill('18,555');
    await see(row2.locator('#f-items-1-hours_per_week-error', { hasText: 'hoogstens twee cijfers' }), 'the browser’s own check of decimals');
    await row2.getByLabel('Uren per week').fill('18,5');
    await row2.getByLabel('Maanden').fill('700');
    await see(row2.locator('#f-items-1-months-error', { hasText: 'at most 600' }), 'the API’s problem with items[1].months');
    await page.getByRole('button', { name: 'Plan indienen' }).click();
    await see(page.getByRole('alert').getByRole('link', { name: /Bouwblok 2: maanden/ }), 'the problem in the error summary');
    await axe(contractor, '07-contractor-plan-error');
    expect(await row2.getByLabel('Maanden').inputValue()).toBe('700');
    await row2.getByLabel('Maanden').fill('6');
    await row2.getByRole('checkbox', { name: /Vast contract/ }).check();
    // + 1 x 18,5/36 x 6/12 x (€ 40.000 + € 10.000) = € 12.847,22
    await see(page.getByTestId('plan-value').filter({ hasText: '43.958,33' }), 'the plan valued at € 43.958,33');
    await axe(contractor, '08-contractor-plan');
    await page.getByRole('button', { name: 'Plan indienen' }).click();
    await see(page.getByText('Het plan is ingediend. Het SR-bureau beoordeelt het.'));
    await see(page.getByRole('region', { name: 'Plan', exact: true }).getByText('Ingediend', { exact: true }));
  });

  test('the office sees the plan waiting on its start page, extends its deadline in writing and approves it', async () => {
    const { page } = office;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }));
    const task = page.locator('.task', { hasText: 'Plan beoordelen' });
    await see(task);
    await go(task.getByRole('link', { name: `${reference}: ${title}` }));
    const plan = page.getByRole('region', { name: 'Plan', exact: true });
    await see(plan.getByRole('table', { name: 'Bouwblokken in het plan' }).getByText('31.111,11'));
    await see(plan.getByRole('table', { name: 'Bouwblokken in het plan' }).getByText(/kandidaat K-017/));
    await axe(office, '09-office-plan-review');
    // An extension in writing: beyond the latest date is the API's 422 at the date.
    await plan.getByRole('button', { name: 'Plantermijn verlengen' }).click();
    await plan.getByLabel('Nieuwe uiterste datum').fill(`01-05-${year}`);
    await plan.getByLabel('Reden (schriftelijk)').fill('Afgesproken per brief');
    await plan.getByRole('button', { name: 'Termijn verlengen' }).click();
    await see(plan.locator('#f-until-error'), 'the API’s problem with until, at the date');
    expect(await plan.getByLabel('Reden (schriftelijk)').inputValue()).toBe('Afgesproken per brief');
    await plan.getByLabel('Nieuwe uiterste datum').fill(`15-03-${year}`);
    await plan.getByRole('button', { name: 'Termijn verlengen' }).click();
    await see(page.getByRole('region', { name: 'Termijnen' }).getByText(`Plan goedgekeurd uiterlijk (verlengd, was 17-02-${year})`));
    await plan.getByRole('button', { name: 'Plan goedkeuren' }).click();
    await see(plan.getByText('Goedgekeurd', { exact: true }));
    await see(page.locator('.summary').getByText('Plan goedgekeurd'));
  });

  test('the contractor reports on the first quarter with evidence: a PDF passes the check, a CSV with a BSN does not', async () => {
    const { page } = contractor;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }));
    const task = page.locator('.task', { hasText: reference });
    await see(task.getByText(`Rapportage 1e kwartaal ${year} indienen`));
    await go(task.getByRole('link', { name: `Rapportage 1e kwartaal ${year} invullen` }));
    await page.getByRole('heading', { level: 1, name: `Rapportage 1e kwartaal ${year}` }).waitFor();

    // An invoice, hashed in the browser, PUT to S3, then checked.
    await page.getByLabel('Soort bewijsstuk').selectOption('invoice');
    await page.getByLabel('Bestanden kiezen').setInputFiles(pdf);
    await page.getByRole('button', { name: 'Uploaden', exact: true }).click();
    const pdfRow = page.locator('.upload', { hasText: 'factuur-2025-0042.pdf' });
    await see(pdfRow.getByText('gecontroleerd en goedgekeurd'), 'the PDF verified');

    // An attendance list holds personal data: consent must be confirmed.
    await page.getByLabel('Soort bewijsstuk').selectOption('attendance');
    await page.getByLabel('Bestanden kiezen').setInputFiles(csv);
    await page.getByRole('button', { name: 'Uploaden', exact: true }).click();
    await see(page.locator('#f-consent_confirmed-error', { hasText: 'Bevestig de toestemming van de kandidaat.' }));
    await page.getByRole('checkbox', { name: /toestemming heeft gegeven/ }).check();
    await page.getByRole('button', { name: 'Uploaden', exact: true }).click();
    const csvRow = page.locator('.upload', { hasText: 'presentielijst.csv' });
    await see(csvRow.getByText('geweigerd', { exact: true }), 'the CSV refused');
    await see(csvRow.getByText('verwijder het BSN en upload het bestand opnieuw'), 'the reason in plain Dutch');
    const evidence = page.getByRole('region', { name: 'Bewijsstukken van deze periode' });
    await see(evidence.getByRole('row', { name: /presentielijst\.csv/ }).getByText('verwijder het BSN'));
    expect(await evidence.getByRole('checkbox', { name: 'factuur-2025-0042.pdf gebruiken in deze rapportage' }).isChecked()).toBe(true);

    const row1 = page.getByRole('group', { name: 'Bouwblok 1' });
    await row1.getByLabel('Soort', { exact: true }).selectOption('bbl');
    await row1.getByLabel('Uren per week').fill('32');
    await row1.getByLabel('Maanden').fill('3');
    await row1.getByLabel('Kandidaat').fill('K-017');
    // The line cites the invoice it rests on; the refused CSV is not offered.
    const lineEvidence = row1.getByRole('group', { name: 'Bewijsstukken bij deze regel' });
    await lineEvidence.getByRole('checkbox', { name: /factuur-2025-0042\.pdf/ }).check();
    expect(await lineEvidence.getByRole('checkbox', { name: /presentielijst\.csv/ }).count()).toBe(0);
    await see(page.getByTestId('plan-value').filter({ hasText: '7.777,78' }), 'the report valued at € 7.777,78');
    await axe(contractor, '10-contractor-report');
    await page.getByRole('button', { name: 'Rapportage indienen' }).click();
    await see(page.getByText(`De rapportage over 1e kwartaal ${year} is ingediend.`));
    await see(page.getByRole('region', { name: 'Rapportages' }).getByRole('row', { name: new RegExp(`1e kwartaal ${year}`) }).getByText('ingediend', { exact: true }));
    await axe(contractor, '11-contractor-contract');
  });

  test('the office reads the report with its evidence and accepts it', async () => {
    const { page } = office;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }));
    const task = page.locator('.task', { hasText: `Rapportage 1e kwartaal ${year} beoordelen` });
    await go(task.getByRole('link', { name: `${reference}: ${title}` }));
    await page.getByRole('heading', { level: 1, name: `Rapportage 1e kwartaal ${year}` }).waitFor();
    // Each line with the evidence it cites and how its check went.
    const line = page.getByRole('table', { name: 'Gerealiseerd in deze periode' }).getByRole('row', { name: /kandidaat K-017/ });
    await see(line.getByText('factuur-2025-0042.pdf'), 'the line’s own evidence');
    await see(line.getByText('Goedgekeurd bij controle'), 'the status of the line’s evidence');
    const cited = page.getByRole('region', { name: 'Bewijsstukken bij de hele rapportage' });
    await see(cited.getByRole('link', { name: /factuur-2025-0042\.pdf/ }), 'a download link of the verified PDF');
    await see(cited.getByText('Goedgekeurd bij controle'));
    await see(page.getByRole('term').filter({ hasText: 'Kandidaten' }));
    await axe(office, '12-office-report-review');
    await page.getByRole('button', { name: 'Rapportage accepteren' }).click();
    await see(page.getByText('De rapportage is geaccepteerd.'));
    const realisation = page.getByRole('region', { name: 'Realisatie' });
    await see(realisation.getByText(/7\.777,78 geaccepteerd/));
    // The candidate of the accepted line is one person reached.
    expect(await realisation.locator('.realisation div', { hasText: 'Mensen bereikt' }).locator('dd').textContent()).toBe('1');
  });

  test('after the approval the contractor proposes an amendment of the plan; the office sees it beside the plan in force and approves it', async () => {
    const { page } = contractor;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contracten' }));
    await go(page.getByRole('link', { name: reference, exact: true }));
    const plan = page.getByRole('region', { name: 'Plan', exact: true });
    await go(plan.getByRole('link', { name: 'Wijziging van het plan voorstellen' }));
    await page.getByRole('heading', { level: 1, name: 'Wijziging van het plan' }).waitFor();
    // It starts from the approved plan; the second candidate drops out.
    await see(page.getByTestId('plan-value').filter({ hasText: '43.958,33' }), 'the approved plan to start from');
    await page.getByRole('button', { name: 'Bouwblok 2 verwijderen' }).click();
    await see(page.getByTestId('plan-value').filter({ hasText: '31.111,11' }), 'the amendment valued at € 31.111,11');
    await page.getByLabel('Wat verandert er en waarom').fill('De tweede kandidaat is uitgevallen.');
    await axe(contractor, '12b-contractor-plan-amendment');
    await page.getByRole('button', { name: 'Wijziging indienen' }).click();
    await see(page.getByText(/De wijziging van het plan is ingediend/));
    await see(page.getByRole('region', { name: 'Voorgestelde wijziging (versie 2)' }).getByText('Wacht op besluit'));

    const o = office.page;
    await go(o.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }));
    const task = o.locator('.task', { hasText: 'Wijziging van het plan beoordelen' });
    await go(task.getByRole('link', { name: `${reference}: ${title}` }));
    const inForce = o.getByRole('region', { name: 'Goedgekeurd plan: geldt nu' });
    await see(inForce.getByRole('table', { name: 'Bouwblokken in het plan' }).getByText('43.958,33'), 'the plan in force');
    const amendment = o.getByRole('region', { name: 'Voorgestelde wijziging (versie 2)' });
    await see(amendment.getByText('Wacht op besluit'));
    await see(amendment.getByText(/−€\s12\.847,22/), 'the difference with the plan in force');
    await see(amendment.getByText('De tweede kandidaat is uitgevallen.'));
    await axe(office, '12c-office-plan-amendment');
    await o.getByRole('button', { name: 'Wijziging goedkeuren' }).click();
    await amendment.waitFor({ state: 'detached' });
    await see(o.getByRole('region', { name: 'Realisatie' }).locator('.realisation div', { hasText: 'Goedgekeurd plan' }).getByText(/31\.111,11/), 'the amendment in force');
    await see(o.getByRole('region', { name: 'Geschiedenis' }).getByRole('cell', { name: /wijziging van versie 1/ }));
  });

  test('the deadline check flags the passed deadlines; the office sees them on its start page and fines the shortfall', async () => {
    // The scheduled function, through the dev server's Lambda Invoke API.
    const res = await fetch(`${base}/2015-03-31/functions/DeadlineCheckFunction/invocations`, {
      method: 'POST',
      body: JSON.stringify({ as_of: new Date().toISOString() }),
    });
    const summary = (await res.json()) as { raised: number; raised_by_kind: Record<string, number> };
    expect(summary.raised_by_kind.obligation_shortfall).toBe(1);

    const { page } = office;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contracten' }));
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }));
    const task = page.locator('.task', { hasText: 'Verplichting niet gehaald: boete of kwijtschelding besluiten' });
    await see(task, 'the shortfall on the start page');
    await see(task.getByText('17.222,22'), 'the proposed fine');
    await see(page.locator('.task', { hasText: `Signalering: Rapportage te laat (2e kwartaal ${year})` }));
    expect(await page.locator('.stats li', { hasText: 'open signaleringen' }).locator('.stat-number').textContent()).toBe(String(summary.raised));
    await see(page.getByRole('figure', { name: /per gemeente/ }).getByText(/7\.778 van .*25\.000 geaccepteerd \(31,11%\)/));
    await axe(office, '13-office-start-flags');

    await go(task.getByRole('link', { name: `${reference}: ${title}` }));
    const flags = page.getByRole('region', { name: 'Signaleringen' });
    await see(flags.getByText('Verplichting niet gehaald'));
    await see(flags.getByTestId('final-report').filter({ hasText: 'Eindrapportage: nog niet ingediend' }));
    await flags.getByRole('radio', { name: 'Boete opleggen' }).check();
    expect(await flags.getByLabel('Boetebedrag').inputValue()).toBe('17.222,22');
    await flags.getByLabel('Boetebedrag').fill('20.000');
    await flags.getByLabel('Reden').fill('Geen realisatie na het eerste kwartaal.');
    await flags.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await see(flags.locator('#f-fine_cents-error', { hasText: 'De boete is hoogstens' }));
    await flags.getByLabel('Boetebedrag').fill('10.000');
    await flags.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await see(flags.locator('.flag-fined').getByText('Boete opgelegd'), 'the flag fined');
    await see(flags.locator('.flag-fined').getByText('10.000,00'));
    await see(page.getByRole('region', { name: 'Geschiedenis' }).getByRole('cell', { name: 'Boete opgelegd' }));
    // The decision on the shortfall closes the contract.
    await see(page.getByText('Dit contract is afgesloten'));
    await see(page.getByText(/heeft een boete van €\s10\.000,00 opgelegd/));
    await see(page.getByRole('region', { name: 'Termijnen' }).getByText(`${nl(dueAfter(ends))}`).first());
    await axe(office, '14-office-contract-fined');
  });
});

describe.sequential('finding things, other languages, phones and keyboards', () => {
  test('the contracts list searches, filters and sorts', async () => {
    const { page } = office;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contracten' }));
    await see(page.getByRole('status').getByText('1 contract'));
    const search = page.getByRole('searchbox', { name: 'Zoeken' });
    await search.fill('stadskantoor');
    await see(page.getByRole('row', { name: new RegExp(reference) }));
    await search.fill('niets dat bestaat');
    await see(page.getByRole('status').getByText('0 contracten (van 1)'));
    await search.fill('');
    // The fine closed the contract and its flags with it.
    await page.getByRole('checkbox', { name: 'Alleen met open signaleringen' }).check();
    await see(page.getByRole('status').getByText('0 contracten (van 1)'));
    await page.getByRole('checkbox', { name: 'Alleen met open signaleringen' }).uncheck();
    await page.getByLabel('Status').selectOption('closed');
    await see(page.getByRole('row', { name: new RegExp(reference) }).getByText('Afgesloten'));
    await page.getByLabel('Status').selectOption('awaiting_plan');
    await see(page.getByRole('status').getByText('0 contracten (van 1)'));
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Sorteren op').selectOption('due');
    expect(page.url()).toContain('sorteer=due');
    await axe(office, '15-office-contracts');
  });

  test('the catalog shows each municipality’s building blocks', async () => {
    const { page } = office;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Bouwblokken' }));
    await page.getByRole('heading', { level: 1, name: 'Bouwblokken van Utrecht' }).waitFor();
    await see(page.getByRole('rowheader', { name: /Participatiewet/ }).first());
    await axe(office, '16-office-catalog');
  });

  test('the accessibility statement and a page that does not exist', async () => {
    const { page } = office;
    await go(page.getByRole('contentinfo').getByRole('link', { name: 'Toegankelijkheid' }));
    await page.getByRole('heading', { level: 1, name: 'Toegankelijkheid' }).waitFor();
    await axe(office, '17-accessibility-statement');
    await page.goto(`${base}/bestaat-niet`);
    await page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' }).waitFor();
    await axe(office, '17-not-found');
  });

  test('English is one click away, and back', async () => {
    const { page } = office;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Bouwblokken' }));
    await page.getByRole('heading', { level: 1, name: 'Bouwblokken van Utrecht' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Building blocks of Utrecht' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await go(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Overview' }));
    await see(page.getByRole('heading', { name: 'To do' }));
    await axe(office, '18-office-start-english');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await see(page.getByRole('heading', { name: 'Te doen' }));
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
  });

  test('on a phone screen the contract page fits the width', async () => {
    const phone = await signIn(browser, base, 'contractor', kvk, { width: 390 });
    const { page } = phone;
    await go(page.locator('.task', { hasText: reference }).getByRole('link', { name: `${reference}: ${title}` }));
    await page.getByRole('heading', { level: 1, name: `${reference}: ${title}` }).waitFor();
    await see(page.getByRole('region', { name: 'Signaleringen' }).getByText('Boete opgelegd'));
    // Nothing sticks out sideways (wide tables scroll inside their own region).
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => !e.closest('.table-wrap') || e.classList.contains('table-wrap'))
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}px`),
    );
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await axe(phone, '19-contractor-contract-phone');
    await phone.context.close();
  });

  test('with the keyboard alone: skip link, sign-in, navigation', async () => {
    const s = await signInPage();
    const { page } = s;
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Naar de inhoud');
    // Through the header to the form: the role radios come first.
    for (let i = 0; i < 10 && !(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'role')); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: 'Opdrachtnemer' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type(kvk);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overzicht' }).waitFor();
    // The main menu by Tab and Enter; focus lands on the new page's heading.
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Contracten'; i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Contracten' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await s.context.close();
  });
});

describe.sequential('imports, exports and the council report', () => {
  test('the office checks a spreadsheet of contracts, imports it, and downloads the list', async () => {
    const { page } = office;
    const file = join(dir, 'contracten.csv');
    writeFileSync(
      file,
      '\ufeffGemeente;Kenmerk;Omschrijving;KvK-nummer;Opdrachtnemer;Opdrachtwaarde (€);Gunningsdatum;Startdatum;Einddatum\r\n' +
        `Utrecht;IMP-${year}-1;Glasbewassing;${kvk};Schoon B.V.;€ 300.000,00;${nl(awarded)};${nl(starts)};${nl(ends)}\r\n` +
        `Utrecht;IMP-${year}-2;Groenonderhoud;87654321;Groen B.V.;1.200.000;${nl(awarded)};${nl(starts)};${nl(ends)}\r\n` +
        `Utrecht;IMP-${year}-3;Catering;1234;Eten B.V.;50.000;${nl(awarded)};${nl(starts)};${nl(ends)}\r\n`,
    );
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contracten', exact: true }));
    await go(page.getByRole('link', { name: 'Contracten importeren' }));
    await page.getByRole('heading', { level: 1, name: 'Contracten importeren' }).waitFor();
    // Nothing chosen: the problem at the field.
    await page.getByRole('button', { name: 'Controleren' }).click();
    await see(page.locator('#f-file-error', { hasText: 'Kies een CSV-bestand.' }));
    await page.getByLabel('CSV-bestand').setInputFiles(file);
    await page.getByRole('button', { name: 'Controleren' }).click();
    await see(page.getByRole('heading', { name: 'Resultaat van de controle' }));
    await see(page.getByRole('row', { name: /IMP-.*-3/ }).getByText('KvK-nummer: must be a KvK number of 8 digits'), 'the bad row at its column');
    await axe(office, '20-office-import-checked');
    await page.getByRole('button', { name: '2 contracten importeren' }).click();
    await see(page.getByRole('heading', { name: 'Import klaar' }), 'the import done');
    await see(page.getByText('3 van 3 rijen verwerkt.'));
    await axe(office, '21-office-import-done');

    await go(page.getByRole('link', { name: 'Naar de contracten' }));
    await see(page.getByRole('status').getByText('3 contracten'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Downloaden als CSV (Excel)' }).click()]);
    expect(download.suggestedFilename()).toBe('contracten.csv');
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.startsWith('\ufeffGemeente;Kenmerk;')).toBe(true);
    expect(csv).toContain(`IMP-${year}-2;Groenonderhoud;87654321`);
  });

  test('the office reads the council report and downloads it as PDF', async () => {
    const { page } = office;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Verantwoording' }));
    await page.getByRole('heading', { level: 1, name: 'Verantwoording social return' }).waitFor();
    await page.getByLabel('Jaar', { exact: true }).selectOption(String(year));
    await see(page.getByRole('heading', { name: `Kerncijfers ${year}` }));
    await see(page.getByRole('row', { name: new RegExp(reference) }));
    await see(page.getByRole('figure', { name: /per route/ }).getByText('1. Arbeidsparticipatie'));
    await axe(office, '22-office-council-report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Downloaden als pdf' }).click()]);
    expect(download.suggestedFilename()).toBe(`verantwoording-social-return-utrecht-${year}.pdf`);
    expect(readFileSync((await download.path()) as string).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe.sequential('contracts that change after the award', () => {
  // Contracts of this year, awarded 40 days ago: the registration (7 days
  // after the award) has passed, the plan deadline (42 days) not yet.
  const awardedOn = day(-40);
  const startsOn = day(-30);
  const endsOn = day(335);
  let utrecht: string;

  async function record(ref: string, valueCents: number, kvkOf = kvk, org = 'utrecht'): Promise<{ id: string }> {
    const tok = org === 'utrecht' ? utrecht : await devToken(base, 'municipality', org);
    return call<{ id: string }>(base, tok, 'POST', '/contracts', {
      reference: ref,
      title: `Onderhoud ${ref}`,
      contractor_kvk: kvkOf,
      contractor_name: 'Schoon B.V.',
      value_cents: valueCents,
      awarded_on: awardedOn,
      starts_on: startsOn,
      ends_on: endsOn,
    });
  }

  async function openContract(s: Session, ref: string) {
    await go(s.page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contracten' }));
    await go(s.page.getByRole('link', { name: ref, exact: true }));
    await s.page.getByRole('heading', { level: 1, name: `${ref}: Onderhoud ${ref}` }).waitFor();
  }

  beforeAll(async () => {
    utrecht = await devToken(base, 'municipality', 'utrecht');
  });

  test('a passed deadline shows at once; the office amends the terms with a reason and sees the new obligation and the history', async () => {
    const ref = 'UTR-WIJZ-1';
    await record(ref, 40000000);
    const { page } = office;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contracten' }));
    // Late before any deadline check flagged it: in the list and on the page.
    await see(page.getByRole('row', { name: new RegExp(ref) }).getByText('1 termijn te laat'), 'the overdue marker in the list');
    await openContract(office, ref);
    const late = page.locator('.alert-error', { hasText: 'Termijnen verstreken' });
    await see(late.getByText('Aanmelding bij het SR-bureau'), 'the passed registration');
    await see(late.getByText('nog niet gesignaleerd'));
    await see(page.getByRole('region', { name: 'Termijnen' }).getByRole('listitem').filter({ hasText: 'Aanmelden uiterlijk' }).getByText('te laat'));
    expect(await page.getByTestId('summary-obligation').textContent()).toMatch(/20\.000,00/);

    const terms = page.getByRole('region', { name: 'Verplichting' });
    await terms.getByRole('button', { name: 'Afspraken wijzigen', exact: true }).click();
    const form = terms.getByRole('form', { name: 'Afspraken wijzigen' });
    await form.getByRole('heading', { name: 'Afspraken wijzigen' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Afspraken wijzigen');
    // Nothing changed and no reason: both named, at the top and at the field.
    await form.getByRole('button', { name: 'Wijziging controleren' }).click();
    await see(form.getByRole('alert').getByRole('link', { name: /Reden \(schriftelijk\): Vul de reden in/ }));
    await axe(office, '20-office-amend-error');
    await form.getByLabel('Reden (schriftelijk)').fill('Meerwerk volgens brief van de gemeente.');
    await form.getByRole('button', { name: 'Wijziging controleren' }).click();
    await see(form.getByRole('alert').getByText('Wijzig ten minste één afspraak.'));
    await form.getByLabel('Opdrachtwaarde').fill('600.000');
    await see(form.getByTestId('new-obligation').filter({ hasText: '30.000,00' }), 'the new obligation previewed');
    await form.getByRole('button', { name: 'Wijziging controleren' }).click();
    const confirm = page.getByRole('dialog', { name: `Afspraken van ${ref} wijzigen?` });
    await see(confirm.getByText(/Opdrachtwaarde: €\s400\.000,00 → €\s600\.000,00/), 'the change to confirm');
    await see(confirm.getByText(/Verplichting: €\s20\.000,00 → €\s30\.000,00/));
    await axe(office, '21-office-amend-confirm');
    await confirm.getByRole('button', { name: 'Ja, afspraken wijzigen' }).click();
    await see(page.getByText(/De afspraken zijn gewijzigd\. De verplichting is nu €\s30\.000,00\./));
    expect(await page.getByTestId('summary-obligation').textContent()).toMatch(/30\.000,00/);
    const history = page.getByRole('region', { name: 'Geschiedenis' });
    const amended = history.getByRole('row', { name: /Afspraken gewijzigd/ });
    await see(amended.getByText(/Opdrachtwaarde €\s400\.000,00 → €\s600\.000,00 · Verplichting €\s20\.000,00 → €\s30\.000,00 · reden: Meerwerk volgens brief van de gemeente\./));
    await axe(office, '22-office-amended');

    // Ended early: the new end date in the summary, the history and the timeline.
    const newEnd = day(150);
    await terms.getByRole('button', { name: 'Eerder beëindigen', exact: true }).click();
    const early = terms.getByRole('form', { name: 'Eerder beëindigen' });
    await early.getByLabel('Nieuwe einddatum').fill(nl(newEnd));
    await early.getByLabel('Reden (schriftelijk)').fill('Opdracht eerder afgerond, brief van de opdrachtnemer.');
    await early.getByRole('button', { name: 'Wijziging controleren' }).click();
    const confirmEnd = page.getByRole('dialog', { name: `Contract ${ref} eerder beëindigen?` });
    await see(confirmEnd.getByText(`Einddatum: ${nl(endsOn)} → ${nl(newEnd)}`));
    await confirmEnd.getByRole('button', { name: 'Ja, eerder beëindigen' }).click();
    await see(page.getByText(`Het contract eindigt nu op ${nl(newEnd)}.`, { exact: false }));
    await see(page.locator('.summary').getByText(`${nl(startsOn)} – ${nl(newEnd)}`));
    await see(history.getByRole('row', { name: new RegExp(`Einddatum ${nl(endsOn)} → ${nl(newEnd)}`) }));
    await see(page.getByRole('region', { name: 'Termijnen' }).getByRole('listitem').filter({ hasText: 'Rapportage Eindrapportage uiterlijk' }).getByText(nl(dueAfter(newEnd))));
  });

  test('the office cancels a contract with a reason, after a confirmation; nothing more is asked', async () => {
    const ref = 'UTR-ANNU-1';
    await record(ref, 30000000);
    const { page } = office;
    await openContract(office, ref);
    const terms = page.getByRole('region', { name: 'Verplichting' });
    await terms.getByRole('button', { name: 'Opdracht annuleren', exact: true }).click();
    const form = terms.getByRole('form', { name: 'Opdracht annuleren' });
    await form.getByRole('button', { name: 'Opdracht annuleren', exact: true }).click();
    await see(form.locator('#f-reason-error', { hasText: 'Vul de reden in; een annulering wordt schriftelijk vastgelegd.' }));
    await form.getByLabel('Reden (schriftelijk)').fill('Aanbesteding ingetrokken.');
    await form.getByRole('button', { name: 'Opdracht annuleren', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: `Opdracht ${ref} annuleren?` });
    await see(confirm.getByText('Aanbesteding ingetrokken.', { exact: false }));
    // Focus starts on going back; Escape goes back too, to the button that opened it.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Nee, terug');
    await axe(office, '23-office-cancel-confirm');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Opdracht annuleren');
    await form.getByRole('button', { name: 'Opdracht annuleren', exact: true }).click();
    await confirm.getByRole('button', { name: 'Ja, opdracht annuleren' }).click();
    await see(page.getByText('Deze opdracht is geannuleerd'), 'the banner');
    await see(page.getByText('Reden: Aanbesteding ingetrokken.'));
    await see(page.locator('.summary').getByText('Geannuleerd', { exact: true }));
    expect(await page.getByRole('region', { name: 'Termijnen' }).count()).toBe(0);
    expect(await terms.getByRole('button', { name: 'Afspraken wijzigen', exact: true }).count()).toBe(0);
    await see(page.getByRole('region', { name: 'Geschiedenis' }).getByRole('row', { name: /Opdracht geannuleerd/ }).getByText('reden: Aanbesteding ingetrokken.'));
    await axe(office, '24-office-cancelled');

    // The contractor is asked nothing more.
    const c = contractor.page;
    await go(c.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }));
    await see(c.locator('.task', { hasText: ref }).getByText('Geannuleerd door de gemeente: er wordt niets meer gevraagd'));
  });

  test('a contract below the threshold says plainly that nothing is asked, and why', async () => {
    const ref = 'UTR-KLEIN-1';
    await record(ref, 5000000);
    const { page } = contractor;
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contracten' }));
    await go(page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }));
    await page.locator('.task', { hasText: ref }).getByText('Geen verplichting: er wordt niets gevraagd').waitFor();
    await openContract(contractor, ref);
    await see(page.getByText('Geen social-returnverplichting: er wordt niets gevraagd'));
    await see(page.getByText(/de opdrachtwaarde van €\s50\.000,00 ligt onder de drempel van €\s100\.000,00 die Utrecht hanteert/));
    expect(await page.getByRole('region', { name: 'Plan', exact: true }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Termijnen' }).count()).toBe(0);
    await axe(contractor, '25-contractor-no-obligation');
  });

  test('where the office asks evidence with every line, its decision form names the lines without and asks a reason', async () => {
    // Amsterdam: a contract of last year with a report whose line cites nothing.
    const ams = await devToken(base, 'municipality', 'amsterdam');
    const them = await devToken(base, 'contractor', '87654321');
    const ref = `AMS-${year}-BEWIJS`;
    const c = await call<{ id: string }>(base, ams, 'POST', '/contracts', {
      reference: ref,
      title: 'Groenonderhoud Westpark',
      contractor_kvk: '87654321',
      contractor_name: 'Groen B.V.',
      value_cents: 50000000,
      awarded_on: awarded,
      starts_on: starts,
      ends_on: ends,
    });
    const path = `/contracts/${encodeURIComponent(c.id)}`;
    await call(base, them, 'POST', `${path}/registration`, { contact_name: 'Sanne de Vries', contact_email: 'sr@groen.nl' });
    await call(base, them, 'PUT', `${path}/plan`, { items: [{ block: 'training', amount_cents: 2500000 }] });
    await call(base, ams, 'POST', `${path}/plan/decision`, { decision: 'approved' });
    await call(base, them, 'PUT', `${path}/reports/${year}-Q1`, { items: [{ block: 'training', amount_cents: 300000, description: 'VCA-cursus' }], evidence_ids: [] });

    const s = await signIn(browser, base, 'municipality', 'amsterdam');
    const { page } = s;
    const task = page.locator('.task', { hasText: `Rapportage 1e kwartaal ${year} beoordelen` });
    await go(task.getByRole('link', { name: `${ref}: Groenonderhoud Westpark` }));
    await page.getByRole('heading', { level: 1, name: `Rapportage 1e kwartaal ${year}` }).waitFor();
    const decision = page.getByRole('form', { name: 'Besluit over de rapportage' });
    await see(decision.getByText('Bureau Social Return (gemeente Amsterdam) vraagt bij elke regel een bewijsstuk'), 'the warning up front');
    await see(decision.getByTestId('lines-without-evidence').filter({ hasText: 'Bouwblok 1' }));
    await see(page.getByRole('table', { name: 'Gerealiseerd in deze periode' }).getByText('geen bewijsstuk'));
    await axe(s, '26-office-report-evidence-required');
    await decision.getByRole('button', { name: 'Rapportage accepteren' }).click();
    await see(decision.locator('#f-note-error', { hasText: 'Leg uit waarom u regels zonder bewijsstuk accepteert.' }));
    await decision.getByLabel('Toelichting').fill('Cursus gezien bij het bezoek op locatie; certificaat volgt.');
    await decision.getByRole('button', { name: 'Rapportage accepteren' }).click();
    await see(page.getByText('De rapportage is geaccepteerd.'));
    await s.context.close();
  });
});

async function signInPage(): Promise<Session> {
  const { open } = await import('./helpers');
  const s = await open(browser);
  await s.page.goto(base + '/');
  await s.page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
  return s;
}
