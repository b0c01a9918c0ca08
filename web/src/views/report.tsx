// One period's report. The contractor fills it in (blocks valued as it
// types), uploads the evidence and cites the verified files; the SR office
// reads it with its evidence and accepts or rejects it.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Catalog, type Contract, contracts as contractsApi, type Evidence, evidence as evidenceApi, type Report } from '../api/client';
import { flash, useApp } from '../app';
import { EvidenceTable, Uploader } from '../components/evidence';
import { draftFromItem, emptyDraft, type ItemDraft, ItemsEditor, itemLabels, toItems, useLiveValuation } from '../components/items-editor';
import { Lines } from '../components/lines';
import { DueText } from '../components/tasks';
import { Alert, Badge, ErrorSummary, Field, LoadError, Loading, Page, useResource } from '../components/ui';
import { loadCatalog } from '../data';
import { date, timestamp, today } from '../format';
import { add, apiErrors, type Errors } from '../forms';
import { t } from '../i18n';
import { decisionStatusLabel, periodLabel } from '../labels';
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
    const [catalog, report, ev] = await Promise.all([loadCatalog(c.municipality, c.awarded_on), reportOrNull(id, period), evidenceApi.all(id)]);
    return { c, catalog, report, evidence: ev.items };
  }, [id, period]);
  const back = { href: `/contracten/${encodeURIComponent(id)}#rapportages`, label: t('Terug naar het contract') };
  const title = t('Rapportage {period}', { period: periodLabel(period) });
  if (data.error && !data.data) return <Page title={title} back={back}><LoadError error={data.error} retry={data.reload} /></Page>;
  if (!data.data) return <Page title={title} back={back}><Loading /></Page>;
  const { c, catalog, report, evidence } = data.data;
  const p = contractPeriods(c).find((x) => x.key === period);
  const lead = (
    <p>
      {c.reference}: {c.title}
      {p && (
        <>
          <br />
          {t('Periode {start} tot en met {end}', { start: date(p.start), end: date(p.end) })} · <DueText due={p.due} today={today()} overdue={p.due < today() && !report} />
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
        report?.status === 'accepted' ? (
          <ReportRead report={report} catalog={catalog} evidence={evidence} />
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
          <ReportRead report={report} catalog={catalog} evidence={evidence} />
          {report.status === 'submitted' && <ReportDecision c={c} report={report} evidence={evidence} onDone={data.reload} />}
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

function ReportRead({ report, catalog, evidence }: { report: Report; catalog: Catalog; evidence: Evidence[] }) {
  const cited = evidence.filter((e) => report.evidence_ids.includes(e.id));
  return (
    <>
      {report.note && (
        <p>
          <strong>{t('Toelichting opdrachtnemer')}:</strong> {report.note}
        </p>
      )}
      <Lines id="report-lines" caption={t('Gerealiseerd in deze periode')} items={report.items} valuation={report.valuation} catalog={catalog} />
      <h2>{t('Bewijsstukken bij deze rapportage')}</h2>
      {cited.length ? <EvidenceTable items={cited} label={t('Bewijsstukken bij deze rapportage')} /> : <p>{t('Geen bewijsstukken bijgevoegd.')}</p>}
    </>
  );
}

function ReportDecision({ c, report, evidence, onDone }: { c: Contract; report: Report; evidence: Evidence[]; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const unverified = evidence.filter((e) => report.evidence_ids.includes(e.id) && e.status !== 'verified');
  const decide = async (decision: 'accepted' | 'rejected') => {
    const errs: Errors = {};
    if (decision === 'rejected' && !note.trim()) add(errs, 'note', t('Leg uit waarom u de rapportage afwijst.'));
    setErrors(errs);
    setError(undefined);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await contractsApi.decideReport(c.id, report.period, c.version, { decision, ...(note.trim() ? { note: note.trim() } : {}) });
      flash(decision === 'accepted' ? t('De rapportage is geaccepteerd.') : t('De rapportage is afgewezen.'));
      navigate(`/contracten/${encodeURIComponent(c.id)}#rapportages`);
    } catch (err) {
      setError(err);
      setErrors(apiErrors(err));
      if (err instanceof ApiError && err.code === 'precondition_failed') onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="decision" onSubmit={(e) => e.preventDefault()} noValidate aria-labelledby="report-decision-title">
      <h2 id="report-decision-title">{t('Besluit over de rapportage')}</h2>
      {unverified.length > 0 && (
        <Alert kind="warning">
          <p>{t('Niet alle bewijsstukken zijn goedgekeurd bij de controle; accepteren kan alleen op goedgekeurde bewijsstukken.')}</p>
        </Alert>
      )}
      <ErrorSummary errors={errors} error={error} labels={{ note: t('Toelichting'), decision: t('Besluit'), evidence_ids: t('Bewijsstukken') }} />
      <Field field="note" label={t('Toelichting')} hint={t('Verplicht bij afwijzen; de opdrachtnemer ziet deze toelichting.')} errors={errors}>
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
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const live = useLiveValuation(c, drafts, catalog);
  useEffect(() => setErrors({}), [drafts]);
  const mine = evidence.filter((e) => !e.period || e.period === period || selected.has(e.id));

  const onChecked = (ev: Evidence) => {
    setEvidence((xs) => [...xs.filter((x) => x.id !== ev.id), ev]);
    if (ev.status === 'verified') setSelected((s) => new Set([...s, ev.id]));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const { items, errors: errs } = toItems(drafts, catalog, true);
    if (Object.keys(errs).length) {
      setErrors(errs);
      return;
    }
    setBusy(true);
    try {
      await contractsApi.submitReport(c.id, period, { items, evidence_ids: [...selected], ...(note.trim() ? { note: note.trim() } : {}) });
      flash(t('De rapportage over {period} is ingediend.', { period: periodLabel(period) }));
      navigate(`/contracten/${encodeURIComponent(c.id)}#rapportages`);
    } catch (err) {
      setError(err);
      setErrors(apiErrors(err));
    } finally {
      setBusy(false);
    }
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
        <ItemsEditor drafts={drafts} setDrafts={setDrafts} catalog={catalog} errors={errors} live={live} what="report" />
        <Field field="note" label={t('Toelichting voor het SR-bureau')} optional errors={errors}>
          {(p) => <textarea {...p} class="textarea" rows={3} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
        </Field>
        <p>{selected.size === 1 ? t('1 bewijsstuk wordt meegestuurd.') : t('{n} bewijsstukken worden meegestuurd.', { n: selected.size })}</p>
        <button type="submit" class="button" disabled={busy}>
          {t('Rapportage indienen')}
        </button>
      </form>
    </>
  );
}
