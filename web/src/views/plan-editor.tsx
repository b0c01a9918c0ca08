// The contractor's plan editor: the catalog's blocks and bonuses, valued as
// you type against the obligation; submitting makes a new plan revision.
import { useEffect, useState } from 'preact/hooks';
import { type Catalog, type Contract, contracts as contractsApi } from '../api/client';
import { flash, useApp } from '../app';
import { draftFromItem, emptyDraft, type ItemDraft, ItemsEditor, itemLabels, toItems, useLiveValuation } from '../components/items-editor';
import { Alert, ErrorSummary, Field, LoadError, Loading, Page, useResource } from '../components/ui';
import { loadCatalog } from '../data';
import { money, today } from '../format';
import { apiErrors, type Errors } from '../forms';
import { t } from '../i18n';
import { navigate } from '../router';
import { planDue } from '../tasks';
import { DueText } from '../components/tasks';

export function PlanEditorView({ id }: { id: string }) {
  const { session } = useApp();
  const data = useResource(async () => {
    const c = await contractsApi.get(id);
    const [catalog, plan] = await Promise.all([loadCatalog(c.municipality, c.awarded_on), c.plan ? contractsApi.plan(id) : Promise.resolve(null)]);
    return { c, catalog, plan };
  }, [id]);
  const back = { href: `/contracten/${encodeURIComponent(id)}`, label: t('Terug naar het contract') };
  const title = t('Social-returnplan');
  if (data.error && !data.data) return <Page title={title} back={back}><LoadError error={data.error} retry={data.reload} /></Page>;
  if (!data.data) return <Page title={title} back={back}><Loading /></Page>;
  const { c, catalog, plan } = data.data;
  if (session.role !== 'contractor') {
    return (
      <Page title={title} back={back}>
        <Alert kind="info">
          <p>{t('Het plan wordt opgesteld door de opdrachtnemer. U beoordeelt het op de contractpagina.')}</p>
        </Alert>
      </Page>
    );
  }
  if (!c.registration || c.status === 'plan_approved') {
    return (
      <Page title={title} back={back}>
        <Alert kind="info">
          <p>{c.registration ? t('Het plan is goedgekeurd en kan niet meer worden gewijzigd.') : t('Meld u eerst aan bij het SR-bureau; daarna kunt u een plan indienen.')}</p>
        </Alert>
      </Page>
    );
  }
  return <PlanForm c={c} catalog={catalog} initial={plan?.items.map(draftFromItem) ?? [emptyDraft()]} note={plan?.note ?? ''} back={back} />;
}

function PlanForm({ c, catalog, initial, note: initialNote, back }: { c: Contract; catalog: Catalog; initial: ItemDraft[]; note: string; back: { href: string; label: string } }) {
  const [drafts, setDrafts] = useState<ItemDraft[]>(initial);
  const [note, setNote] = useState(initialNote);
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const live = useLiveValuation(c, drafts, catalog);
  // Once the user edits after a failed submit, the live check takes over again.
  useEffect(() => setErrors({}), [drafts]);

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
      await contractsApi.submitPlan(c.id, { items, ...(note.trim() ? { note: note.trim() } : {}) });
      flash(t('Het plan is ingediend. Het SR-bureau beoordeelt het.'));
      navigate(`/contracten/${encodeURIComponent(c.id)}#plan`);
    } catch (err) {
      setError(err);
      // Submitting sends every row, so items[n] is row n.
      setErrors(apiErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title={t('Social-returnplan')} back={back} lead={<p>{c.reference}: {c.title}</p>}>
      <p>
        {t('Verplichting')}: <strong>{money(c.obligation.obligation_cents)}</strong> · {t('Plan goedgekeurd')} <DueText due={planDue(c)} today={today()} overdue={planDue(c) < today()} />
      </p>
      {c.status === 'plan_rejected' && (
        <Alert kind="warning" title={t('Het vorige plan is afgewezen')}>
          <p>{t('Pas het plan aan en dien het opnieuw in. De toelichting van het SR-bureau staat op de contractpagina.')}</p>
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} error={error} labels={itemLabels(drafts.length)} />
        <ItemsEditor drafts={drafts} setDrafts={setDrafts} catalog={catalog} errors={errors} live={live} what="plan" />
        <Field field="note" label={t('Toelichting voor het SR-bureau')} optional errors={errors}>
          {(p) => <textarea {...p} class="textarea" rows={3} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button" disabled={busy}>
          {t('Plan indienen')}
        </button>
      </form>
    </Page>
  );
}
