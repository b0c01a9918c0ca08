// Importing contracts from a spreadsheet: the SR office picks a CSV file,
// the API checks every row (a dry run: nothing is stored) and says what it
// would create and what is wrong where; then the import runs on the server
// and this page follows its progress.
import { useEffect, useState } from 'preact/hooks';
import { type ImportCheck, type ImportJob, type ImportRowResult, imports } from '../api/client';
import { ErrorSummary, Field, LiveText, LoadError, Page, TableWrap, useSubmit } from '../components/ui';
import { t } from '../i18n';
import { Link } from '../router';

const statusWords: Record<ImportRowResult['status'], () => string> = {
  invalid: () => t('Fout in de rij'),
  will_create: () => t('Wordt vastgelegd'),
  pending: () => t('Wacht op verwerking'),
  created: () => t('Vastgelegd'),
  exists: () => t('Bestaat al'),
  conflict: () => t('Bestaat al met andere gegevens'),
};

/** Rows worth a look: everything but what is (or will be) created. */
function remarks(rows: ImportRowResult[]): ImportRowResult[] {
  return rows.filter((r) => r.status !== 'will_create' && r.status !== 'created' && r.status !== 'pending');
}

export function ImportView() {
  const [file, setFile] = useState<File | null>(null);
  const { busy, error, setError, errors, setErrors, send } = useSubmit();
  const [checked, setChecked] = useState<ImportCheck | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const title = t('Contracten importeren');

  const run = (what: () => Promise<void>) => {
    setErrors({});
    setError(undefined);
    return send(what);
  };
  const check = () =>
    run(async () => {
      setChecked(null);
      setJob(null);
      if (!file) {
        setErrors({ file: [t('Kies een CSV-bestand.')] });
        return;
      }
      setChecked(await imports.check(file));
    });
  const start = () =>
    run(async () => {
      if (file) setJob(await imports.start(file));
    });

  // Follow the job until every row is done.
  useEffect(() => {
    if (!job || job.status === 'done') return;
    const h = setTimeout(() => {
      imports.get(job.id).then(setJob, (e: unknown) => setError(e));
    }, 1000);
    return () => clearTimeout(h);
  }, [job]);

  return (
    <Page title={title} back={{ href: '/contracten', label: t('Terug naar contracten') }}>
      <p>{t('Leg veel contracten in één keer vast vanuit een spreadsheet. Het bestand wordt eerst gecontroleerd; er wordt pas iets vastgelegd als u daarna op importeren klikt.')}</p>
      <details class="help">
        <summary>{t('Welke kolommen kan het bestand hebben?')}</summary>
        <p>{t('Sla het bestand op als CSV (puntkomma of komma gescheiden, UTF-8). De eerste rij noemt de kolommen:')}</p>
        <ul>
          <li>{t('Gemeente (naam of code; niet nodig als u voor één gemeente werkt)')}</li>
          <li>{t('Kenmerk, Omschrijving, KvK-nummer, Opdrachtnemer, E-mail (niet verplicht)')}</li>
          <li>{t('Opdrachtwaarde in euro’s (1.234,56), Percentage (niet verplicht), PSO-trede (niet verplicht)')}</li>
          <li>{t('Gunningsdatum, Startdatum, Einddatum (31-12-2026), Rapportage (per kwartaal, per halfjaar of eindrapportage; niet verplicht)')}</li>
        </ul>
        <p>{t('Een kenmerk dat al bestaat wordt niet opnieuw vastgelegd en nooit overschreven. Een export van de contractenlijst kan ongewijzigd opnieuw worden ingelezen.')}</p>
      </details>
      <ErrorSummary errors={errors} labels={{ file: t('CSV-bestand') }} error={error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void check();
        }}
      >
        <Field field="file" label={t('CSV-bestand')} hint={t('Hoogstens 1 MB en 10.000 rijen.')} errors={errors}>
          {(p) => (
            <input
              {...p}
              type="file"
              class="input"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.currentTarget.files?.[0] ?? null);
                setChecked(null);
                setJob(null);
              }}
            />
          )}
        </Field>
        <div class="buttons">
          <button type="submit" class="button secondary" disabled={busy}>
            {t('Controleren')}
          </button>
        </div>
      </form>
      <LiveText>{busy ? t('Bezig…') : ''}</LiveText>

      {checked && !job && (
        <section aria-labelledby="check-title">
          <h2 id="check-title">{t('Resultaat van de controle')}</h2>
          <Counts rows={checked.rows} created={checked.created} exists={checked.exists} conflicts={checked.conflicts} invalid={checked.invalid} planned />
          {checked.created > 0 ? (
            <div class="buttons">
              <button type="button" class="button" disabled={busy} onClick={() => void start()}>
                {t('{n} contracten importeren', { n: checked.created })}
              </button>
            </div>
          ) : (
            <p>{t('Er is niets nieuws om te importeren.')}</p>
          )}
          <Rows rows={remarks(checked.results)} />
        </section>
      )}

      {job && (
        <section aria-labelledby="job-title">
          <h2 id="job-title">{job.status === 'done' ? t('Import klaar') : t('Import loopt')}</h2>
          <LiveText>
            <p>{t('{done} van {rows} rijen verwerkt.', { done: job.rows_done, rows: job.rows })}</p>
          </LiveText>
          <progress max={job.rows} value={job.rows_done} aria-label={t('Voortgang van de import')} />
          {job.status === 'done' && (
            <>
              <Counts rows={job.rows} created={job.created} exists={job.exists} conflicts={job.conflicts} invalid={job.invalid} />
              <p>
                <Link href="/contracten">{t('Naar de contracten')}</Link>
              </p>
              <Rows rows={remarks(job.results)} />
            </>
          )}
        </section>
      )}
      {error !== undefined && job && <LoadError error={error} />}
    </Page>
  );
}

function Counts({ rows, created, exists, conflicts, invalid, planned }: { rows: number; created: number; exists: number; conflicts: number; invalid: number; planned?: boolean }) {
  return (
    <dl class="summary">
      <div>
        <dt>{t('Rijen')}</dt>
        <dd>{rows}</dd>
      </div>
      <div>
        <dt>{planned ? t('Nieuw') : t('Vastgelegd')}</dt>
        <dd>{created}</dd>
      </div>
      <div>
        <dt>{t('Bestaan al')}</dt>
        <dd>{exists}</dd>
      </div>
      <div>
        <dt>{t('Bestaan al met andere gegevens')}</dt>
        <dd>{conflicts}</dd>
      </div>
      <div>
        <dt>{t('Met fouten')}</dt>
        <dd>{invalid}</dd>
      </div>
    </dl>
  );
}

function Rows({ rows }: { rows: ImportRowResult[] }) {
  if (rows.length === 0) return null;
  const label = t('Rijen met opmerkingen');
  return (
    <>
      <h3>{label}</h3>
      <TableWrap label={label}>
        <table>
          <thead>
            <tr>
              <th scope="col" class="num">
                {t('Rij')}
              </th>
              <th scope="col">{t('Kenmerk')}</th>
              <th scope="col">{t('Uitkomst')}</th>
              <th scope="col">{t('Toelichting')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.row}>
                <td class="num">{r.row}</td>
                <td>{r.reference}</td>
                <td>{statusWords[r.status]()}</td>
                <td>
                  {r.problems.length > 0 && (
                    <ul class="plain">
                      {r.problems.map((p, i) => (
                        <li key={i}>
                          {p.column}: <span lang="en">{p.problem}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                  {r.differs && r.differs.length > 0 && <span>{t('Wijkt af in: {fields}', { fields: r.differs.join(', ') })}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
