// One period's report. The contractor fills it in (blocks valued as it
// types), uploads the evidence and cites it, per line and for the report as
// a whole; the SR office reads it with the evidence behind each line and
// accepts or rejects it.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Catalog, type Contract, contracts as contractsApi, type Evidence, evidence as evidenceApi, type Municipality, type Report, type ReportItem } from '../api/client';
import { flash, useApp } from '../app';
import { EvidenceTable, Uploader } from '../components/evidence';
import { draftFromItem, emptyDraft, type ItemDraft, ItemsEditor, itemLabels, toItems, useLiveValuation } from '../components/items-editor';
import { type LineEvidence, Lines } from '../components/lines';
import { DueText } from '../components/tasks';
import { Alert, Badge, ErrorSummary, Field, LoadError, Loading, Page, useResource, useSubmit } from '../components/ui';
import { blockName, loadCatalog, loadMunicipalities } from '../data';
import { date, timestamp, today } from '../format';
import { add, type Errors } from '../forms';
import { t } from '../i18n';
import { decisionStatusLabel, isActive, periodLabel } from '../labels';
import { contractPeriods } from '../periods';
import { navigate } from '../router';

async function reportOrNull(id: string, period: string): Promise<Report | null> {
  try {
    return await contractsApi.report(id, period);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export function ReportView({ id, period }: { id: string; period: string }) {
  const { session } = useApp();
  const data = useResource(async () => {
    const c = await contractsApi.get(id);
    const [catalog, report, ev, ms] = await Promise.all([loadCatalog(c.municipality, c.awarded_on), reportOrNull(id, period), evidenceApi.all(id), loadMunicipalities()]);
    return { c, catalog, report, evidence: ev.items, policy: ms.find((m) => m.id === c.municipality) };
  }, [id, period]);
  const back = { href: `/contracten/${encodeURIComponent(id)}#rapportages`, label: t('Terug naar het contract') };
  const title = t('Rapportage {period}', { period: periodLabel(period) });
  if (data.error && !data.data) return <Page title={title} back={back}><LoadError error={data.error} retry={data.reload} /></Page>;
  if (!data.data) return <Page title={title} back={back}><Loading /></Page>;
  const { c, catalog, report, evidence, policy } = data.data;
  const p = contractPeriods(c).find((x) => x.key === period);
  const lead = (
    <p>
      {c.reference}: {c.title}
      {p && (
        <>
          <br />
          {t('Periode {start} tot en met {end}', { start: date(p.start), end: date(p.end) })}
          {isActive(c.status) && (
            <>
              {' '}
              · <DueText due={p.due} today={today()} overdue={c.overdue.some((o) => o.kind === 'report_overdue' && o.period === period)} />
            </>
          )}
        </>
      )}
    </p>
  );
  if (!p) {
    return (
      <Page title={title} back={back}>
        <Alert kind="error">
          <p>{t('Deze periode hoort niet bij het contract.')}</p>
        </Alert>
      </Page>
    );
  }
  return (
    <Page title={title} back={back} lead={lead}>
      {report && <ReportStatus report={report} />}
      {session.role === 'contractor' ? (
        report && (report.status === 'accepted' || !isActive(c.status)) ? (
          <ReportRead report={report} catalog={catalog} evidence={evidence} policy={policy} />
        ) : !isActive(c.status) ? (
          <Alert kind="info">
            <p>{c.status === 'no_obligation' ? t('Voor deze opdracht geldt geen social-returnverplichting: er wordt niet gerapporteerd.') : t('Er wordt voor dit contract niet meer gerapporteerd.')}</p>
          </Alert>
        ) : c.status !== 'plan_approved' ? (
          <Alert kind="info">
            <p>{t('Rapporteren kan zodra het plan is goedgekeurd.')}</p>
          </Alert>
        ) : p.start > today() ? (
          <Alert kind="info">
            <p>{t('Deze periode begint op {date}; daarna kunt u erover rapporteren.', { date: date(p.start) })}</p>
          </Alert>
        ) : (
          <ReportForm c={c} period={period} catalog={catalog} report={report} evidence={evidence} />
        )
      ) : report ? (
        <>
          <ReportRead report={report} catalog={catalog} evidence={evidence} policy={policy} />
          {report.status === 'submitted' && isActive(c.status) && <ReportDecision c={c} report={report} catalog={catalog} policy={policy} onDone={data.reload} />}
        </>
      ) : (
        <p>{t('Voor deze periode is nog geen rapportage ingediend.')}</p>
      )}
    </Page>
  );
}

function ReportStatus({ report }: { report: Report }) {
  return (
    <dl class="facts">
      <div>
        <dt>{t('Status')}</dt>
        <dd>
          <Badge tone={report.status === 'accepted' ? 'good' : report.status === 'rejected' ? 'bad' : 'info'}>{decisionStatusLabel(report.status)}</Badge> {report.late && <Badge tone="warn">{t('te laat ingediend')}</Badge>}
        </dd>
      </div>
      <div>
        <dt>{t('Versie')}</dt>
        <dd>{report.revision}</dd>
      </div>
      <div>
        <dt>{t('Ingediend op')}</dt>
        <dd>{timestamp(report.submitted_at)}</dd>
      </div>
      {candidates(report.items) > 0 && (
        <div>
          <dt>{t('Kandidaten')}</dt>
          <dd>{candidates(report.items)}</dd>
        </div>
      )}
      {report.decision && (
        <div>
          <dt>{t('Besluit SR-bureau')}</dt>
          <dd>
            {decisionStatusLabel(report.decision.decision)} ({timestamp(report.decision.decided_at)}){report.decision.note && `: ${report.decision.note}`}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** The different candidates a report's lines name. */
function candidates(items: ReportItem[]): number {
  return new Set(items.map((i) => i.candidate).filter(Boolean)).size;
}

/** The valued lines (by index) that cite no evidence of their own. */
export function linesWithoutEvidence(report: Pick<Report, 'items' | 'valuation'>): number[] {
  return report.valuation.lines.filter((l) => l.value_cents > 0 && !(report.items[l.index]?.evidence_ids?.length)).map((l) => l.index);
}

/** Every evidence id the report cites, on the report or a line, each once. */
function citedIds(report: Report): string[] {
  return [...new Set([...report.evidence_ids, ...report.items.flatMap((i) => i.evidence_ids ?? [])])];
}

function ReportRead({ report, catalog, evidence, policy }: { report: Report; catalog: Catalog; evidence: Evidence[]; policy: Municipality | undefined }) {
  const whole = evidence.filter((e) => report.evidence_ids.includes(e.id));
  const lineEvidence: LineEvidence = { statuses: report.evidence, files: evidence, required: policy?.evidence_required === true };
  return (
    <>
      {report.note && (
        <p>
          <strong>{t('Toelichting opdrachtnemer')}:</strong> {report.note}
        </p>
      )}
      <Lines id="report-lines" caption={t('Gerealiseerd in deze periode')} items={report.items} valuation={report.valuation} catalog={catalog} evidence={lineEvidence} />
      <h2 id="report-evidence-title">{t('Bewijsstukken bij de hele rapportage')}</h2>
      {whole.length ? <EvidenceTable items={whole} label={t('Bewijsstukken bij de hele rapportage')} /> : <p>{t('Geen bewijsstukken bij de rapportage als geheel; zie per regel hierboven.')}</p>}
    </>
  );
}

function ReportDecision({ c, report, catalog, policy, onDone }: { c: Contract; report: Report; catalog: Catalog; policy: Municipality | undefined; onDone: () => void }) {
  const [note, setNote] = useState('');
  const { busy, error, setError, errors, setErrors, send } = useSubmit(onDone);
  const unverified = citedIds(report).filter((id) => report.evidence[id] !== 'verified');
  // Where the office asks evidence with every line, accepting lines without needs a written reason (the API's 422 otherwise).
  const bare = policy?.evidence_required ? linesWithoutEvidence(report) : [];
  const bareText = bare
    .map((i) => {
      const code = report.items[i]?.block ?? '';
      return `${t('Bouwblok {n}', { n: i + 1 })} (${blockName(catalog.blocks.find((b) => b.code === code), code)})`;
    })
    .join(', ');
  const decide = async (decision: 'accepted' | 'rejected') => {
    const errs: Errors = {};
    if (decision === 'rejected' && !note.trim()) add(errs, 'note', t('Leg uit waarom u de rapportage afwijst.'));
    if (decision === 'accepted' && bare.length > 0 && !note.trim()) add(errs, 'note', t('Leg uit waarom u regels zonder bewijsstuk accepteert.'));
    setErrors(errs);
    setError(undefined);
    if (Object.keys(errs).length) return;
    await send(async () => {
      await contractsApi.decideReport(c.id, report.period, c.version, { decision, ...(note.trim() ? { note: note.trim() } : {}) });
      flash(decision === 'accepted' ? t('De rapportage is geaccepteerd.') : t('De rapportage is afgewezen.'));
      navigate(`/contracten/${encodeURIComponent(c.id)}#rapportages`);
    });
  };
  return (
    <form class="decision" onSubmit={(e) => e.preventDefault()} noValidate aria-labelledby="report-decision-title">
      <h2 id="report-decision-title">{t('Besluit over de rapportage')}</h2>
      {unverified.length > 0 && (
        <Alert kind="warning">
          <p>{t('Niet alle bewijsstukken zijn goedgekeurd bij de controle; accepteren kan alleen op goedgekeurde bewijsstukken.')}</p>
        </Alert>
      )}
      {bare.length > 0 && (
        <Alert kind="warning" title={t('{office} vraagt bij elke regel een bewijsstuk', { office: policy?.sr_office ?? t('Het SR-bureau') })}>
          <p data-testid="lines-without-evidence">{t('Zonder eigen bewijsstuk: {lines}.', { lines: bareText })}</p>
          <p>{t('Accepteren kan alleen met een toelichting waarom u deze regels toch accepteert.')}</p>
        </Alert>
      )}
      <ErrorSummary errors={errors} error={error} labels={{ note: t('Toelichting'), decision: t('Besluit'), evidence_ids: t('Bewijsstukken') }} />
      <Field
        field="note"
        label={t('Toelichting')}
        hint={bare.length > 0 ? t('Verplicht bij afwijzen, en bij accepteren van regels zonder bewijsstuk; de opdrachtnemer ziet deze toelichting.') : t('Verplicht bij afwijzen; de opdrachtnemer ziet deze toelichting.')}
        errors={errors}
      >
        {(p) => <textarea {...p} class="textarea" rows={3} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
      </Field>
      <div class="buttons">
        <button type="button" class="button" disabled={busy} onClick={() => decide('accepted')}>
          {t('Rapportage accepteren')}
        </button>
        <button type="button" class="button warning" disabled={busy} onClick={() => decide('rejected')}>
          {t('Rapportage afwijzen')}
        </button>
      </div>
    </form>
  );
}

function ReportForm({ c, period, catalog, report, evidence: initialEvidence }: { c: Contract; period: string; catalog: Catalog; report: Report | null; evidence: Evidence[] }) {
  const [drafts, setDrafts] = useState<ItemDraft[]>(report?.items.length ? report.items.map(draftFromItem) : [emptyDraft()]);
  const [note, setNote] = useState(report?.note ?? '');
  const [evidence, setEvidence] = useState<Evidence[]>(initialEvidence);
  const [selected, setSelected] = useState<Set<string>>(new Set(report?.evidence_ids ?? []));
  const { busy, error, setError, errors, setErrors, send } = useSubmit();
  const live = useLiveValuation(c, drafts, catalog);
  useEffect(() => setErrors({}), [drafts]);
  const cited = new Set(drafts.flatMap((d) => d.evidence));
  const mine = evidence.filter((e) => !e.period || e.period === period || selected.has(e.id));
  const sent = new Set([...selected, ...cited]).size;
  // A line may rest on any file of the contract (an employment contract backs every quarter it covers): this period's first.
  const forLines = [...evidence].sort((a, b) => Number(b.period === period) - Number(a.period === period));

  const onChecked = (ev: Evidence) => {
    setEvidence((xs) => [...xs.filter((x) => x.id !== ev.id), ev]);
    if (ev.status === 'verified') setSelected((s) => new Set([...s, ev.id]));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const { items, index, errors: errs } = toItems(drafts, catalog, true);
    if (Object.keys(errs).length) {
      setErrors(errs);
      return;
    }
    // Each line carries the evidence it cites; index maps an item to its row.
    const lines: ReportItem[] = items.map((item, n) => {
      const cited = drafts[index[n] ?? n]?.evidence ?? [];
      return cited.length ? { ...item, evidence_ids: cited } : item;
    });
    await send(async () => {
      await contractsApi.submitReport(c.id, period, { items: lines, evidence_ids: [...selected], ...(note.trim() ? { note: note.trim() } : {}) });
      flash(t('De rapportage over {period} is ingediend.', { period: periodLabel(period) }));
      navigate(`/contracten/${encodeURIComponent(c.id)}#rapportages`);
    });
  };
  return (
    <>
      {report?.status === 'rejected' && (
        <Alert kind="warning" title={t('Deze rapportage is afgewezen')}>
          <p>{t('Pas haar aan en dien haar opnieuw in.')}</p>
        </Alert>
      )}
      <section aria-labelledby="evidence-title" class="section">
        <h2 id="evidence-title">{t('Bewijsstukken')}</h2>
        <p>{t('Upload facturen, loonstroken, arbeidsovereenkomsten of presentielijsten die de rapportage onderbouwen. Elk bestand wordt gecontroleerd, onder meer op burgerservicenummers.')}</p>
        <Uploader contractId={c.id} period={period} onChecked={onChecked} />
        {mine.length > 0 && <p>{t('Vink in de tabel aan wat de rapportage als geheel onderbouwt. Wat één regel onderbouwt, kiest u bij die regel hieronder.')}</p>}
        {mine.length > 0 && (
          <EvidenceTable
            items={mine}
            label={t('Bewijsstukken van deze periode')}
            selected={selected}
            onToggle={(id, on) =>
              setSelected((s) => {
                const n = new Set(s);
                if (on) n.add(id);
                else n.delete(id);
                return n;
              })
            }
          />
        )}
      </section>
      <form onSubmit={submit} noValidate class="section">
        <h2>{t('Wat is er gerealiseerd')}</h2>
        <ErrorSummary errors={errors} error={error} labels={itemLabels(drafts.length)} />
        <ItemsEditor drafts={drafts} setDrafts={setDrafts} catalog={catalog} errors={errors} live={live} what="report" evidence={forLines} />
        <Field field="note" label={t('Toelichting voor het SR-bureau')} optional errors={errors}>
          {(p) => <textarea {...p} class="textarea" rows={3} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
        </Field>
        <p>{sent === 1 ? t('1 bewijsstuk wordt meegestuurd.') : t('{n} bewijsstukken worden meegestuurd.', { n: sent })}</p>
        <button type="submit" class="button" disabled={busy}>
          {t('Rapportage indienen')}
        </button>
      </form>
    </>
  );
}
