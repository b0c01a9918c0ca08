// The portal in a real browser, through the UI only: an SR office records a
// contract, the contractor registers and builds a plan, the office approves
// it, the contractor reports with evidence (a PDF that passes the check and
// a CSV with a BSN that does not), the office accepts the report, a passed
// deadline raises a flag on the start page and the office fines it. Then the
// list, the catalog, English, a phone screen and the keyboard alone. Every
// page is checked with axe-core and photographed (e2e/screenshots/).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { checkPage, describeViolations, dueAfter, launch, nl, type Session, see, signIn } from './helpers';

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
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contract vastleggen' }).click();
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
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contract vastleggen' }).click();
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
    await task.getByRole('link', { name: 'Aanmelden', exact: true }).click();
    await page.getByLabel('Naam contactpersoon').fill('Fatima el Amrani');
    await page.getByLabel('E-mailadres').fill('sr@schoon.nl');
    await page.getByRole('button', { name: 'Aanmelden bij het SR-bureau' }).click();
    await see(page.getByRole('region', { name: 'Aanmelding' }).getByText('Fatima el Amrani'));
    await page.getByRole('region', { name: 'Plan' }).getByRole('link', { name: 'Plan opstellen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Social-returnplan' }).waitFor();

    const row1 = page.getByRole('group', { name: 'Bouwblok 1' });
    await row1.getByLabel('Soort', { exact: true }).selectOption('bbl');
    await row1.getByLabel('Uren per week').fill('32');
    await row1.getByLabel('Maanden').fill('12');
    // 1 person x 32/36 h x 12/12 months x € 35.000.
    await see(page.getByTestId('plan-value').filter({ hasText: '31.111,11' }), 'the plan valued at € 31.111,11');

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
    await see(page.getByRole('region', { name: 'Plan' }).getByText('Ingediend', { exact: true }));
  });

  test('the office sees the plan waiting on its start page, extends its deadline in writing and approves it', async () => {
    const { page } = office;
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }).click();
    const task = page.locator('.task', { hasText: 'Plan beoordelen' });
    await see(task);
    await task.getByRole('link', { name: `${reference}: ${title}` }).click();
    const plan = page.getByRole('region', { name: 'Plan' });
    await see(plan.getByRole('table', { name: 'Bouwblokken in het plan' }).getByText('31.111,11'));
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
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }).click();
    const task = page.locator('.task', { hasText: reference });
    await see(task.getByText(`Rapportage 1e kwartaal ${year} indienen`));
    await task.getByRole('link', { name: `Rapportage 1e kwartaal ${year} invullen` }).click();
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
    await see(page.getByTestId('plan-value').filter({ hasText: '7.777,78' }), 'the report valued at € 7.777,78');
    await axe(contractor, '10-contractor-report');
    await page.getByRole('button', { name: 'Rapportage indienen' }).click();
    await see(page.getByText(`De rapportage over 1e kwartaal ${year} is ingediend.`));
    await see(page.getByRole('region', { name: 'Rapportages' }).getByRole('row', { name: new RegExp(`1e kwartaal ${year}`) }).getByText('ingediend', { exact: true }));
    await axe(contractor, '11-contractor-contract');
  });

  test('the office reads the report with its evidence and accepts it', async () => {
    const { page } = office;
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }).click();
    const task = page.locator('.task', { hasText: `Rapportage 1e kwartaal ${year} beoordelen` });
    await task.getByRole('link', { name: `${reference}: ${title}` }).click();
    await page.getByRole('heading', { level: 1, name: `Rapportage 1e kwartaal ${year}` }).waitFor();
    const cited = page.getByRole('region', { name: 'Bewijsstukken bij deze rapportage' });
    await see(cited.getByRole('link', { name: /factuur-2025-0042\.pdf/ }), 'a download link of the verified PDF');
    await see(cited.getByText('Goedgekeurd bij controle'));
    await axe(office, '12-office-report-review');
    await page.getByRole('button', { name: 'Rapportage accepteren' }).click();
    await see(page.getByText('De rapportage is geaccepteerd.'));
    await see(page.getByRole('region', { name: 'Realisatie' }).getByText(/7\.777,78 geaccepteerd/));
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
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contracten' }).click();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Overzicht' }).click();
    const task = page.locator('.task', { hasText: 'Verplichting niet gehaald: boete of kwijtschelding besluiten' });
    await see(task, 'the shortfall on the start page');
    await see(task.getByText('17.222,22'), 'the proposed fine');
    await see(page.locator('.task', { hasText: `Signalering: Rapportage te laat (2e kwartaal ${year})` }));
    expect(await page.locator('.stats li', { hasText: 'open signaleringen' }).locator('.stat-number').textContent()).toBe(String(summary.raised));
    await see(page.getByRole('figure', { name: /per gemeente/ }).getByText(/7\.778 van .*25\.000 geaccepteerd \(31,11%\)/));
    await axe(office, '13-office-start-flags');

    await task.getByRole('link', { name: `${reference}: ${title}` }).click();
    const flags = page.getByRole('region', { name: 'Signaleringen' });
    await see(flags.getByText('Verplichting niet gehaald'));
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
    await see(page.getByRole('region', { name: 'Termijnen' }).getByText(`${nl(dueAfter(ends))}`).first());
    await axe(office, '14-office-contract-fined');
  });
});

describe.sequential('finding things, other languages, phones and keyboards', () => {
  test('the contracts list searches, filters and sorts', async () => {
    const { page } = office;
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contracten' }).click();
    await see(page.getByRole('status').getByText('1 contract'));
    const search = page.getByRole('searchbox', { name: 'Zoeken' });
    await search.fill('stadskantoor');
    await see(page.getByRole('row', { name: new RegExp(reference) }));
    await search.fill('niets dat bestaat');
    await see(page.getByRole('status').getByText('0 contracten (van 1)'));
    await search.fill('');
    await page.getByRole('checkbox', { name: 'Alleen met open signaleringen' }).check();
    await see(page.getByRole('row', { name: new RegExp(reference) }).getByText('2 open'));
    await page.getByLabel('Status').selectOption('awaiting_plan');
    await see(page.getByRole('status').getByText('0 contracten (van 1)'));
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Sorteren op').selectOption('due');
    expect(page.url()).toContain('sorteer=due');
    await axe(office, '15-office-contracts');
  });

  test('the catalog shows each municipality’s building blocks', async () => {
    const { page } = office;
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Bouwblokken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bouwblokken van Utrecht' }).waitFor();
    await see(page.getByRole('rowheader', { name: /Participatiewet/ }).first());
    await axe(office, '16-office-catalog');
  });

  test('the accessibility statement and a page that does not exist', async () => {
    const { page } = office;
    await page.getByRole('contentinfo').getByRole('link', { name: 'Toegankelijkheid' }).click();
    await page.getByRole('heading', { level: 1, name: 'Toegankelijkheid' }).waitFor();
    await axe(office, '17-accessibility-statement');
    await page.goto(`${base}/bestaat-niet`);
    await page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' }).waitFor();
    await axe(office, '17-not-found');
  });

  test('English is one click away, and back', async () => {
    const { page } = office;
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Bouwblokken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bouwblokken van Utrecht' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Building blocks of Utrecht' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Overview' }).click();
    await see(page.getByRole('heading', { name: 'To do' }));
    await axe(office, '18-office-start-english');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await see(page.getByRole('heading', { name: 'Te doen' }));
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
  });

  test('on a phone screen the contract page fits the width', async () => {
    const phone = await signIn(browser, base, 'contractor', kvk, { width: 390 });
    const { page } = phone;
    await page.locator('.task', { hasText: reference }).getByRole('link', { name: `${reference}: ${title}` }).click();
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
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Contracten', exact: true }).click();
    await page.getByRole('link', { name: 'Contracten importeren' }).click();
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

    await page.getByRole('link', { name: 'Naar de contracten' }).click();
    await see(page.getByRole('status').getByText('3 contracten'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Downloaden als CSV (Excel)' }).click()]);
    expect(download.suggestedFilename()).toBe('contracten.csv');
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.startsWith('\ufeffGemeente;Kenmerk;')).toBe(true);
    expect(csv).toContain(`IMP-${year}-2;Groenonderhoud;87654321`);
  });

  test('the office reads the council report and downloads it as PDF', async () => {
    const { page } = office;
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Verantwoording' }).click();
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

async function signInPage(): Promise<Session> {
  const { open } = await import('./helpers');
  const s = await open(browser);
  await s.page.goto(base + '/');
  await s.page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
  return s;
}
