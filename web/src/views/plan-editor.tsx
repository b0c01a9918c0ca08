// The contractor's plan editor: the catalog's blocks and bonuses, valued as
// you type against the obligation; submitting makes a new plan revision.
// After an approval a new revision is an amendment (a candidate drops out,
// say): the approved plan stays in force until the office approves it.
import { useEffect, useState } from 'preact/hooks';
import { type Catalog, type Contract, contracts as contractsApi } from '../api/client';
import { flash, useApp } from '../app';
import { draftFromItem, emptyDraft, type ItemDraft, ItemsEditor, itemLabels, toItems, useLiveValuation } from '../components/items-editor';
import { Alert, ErrorSummary, Field, LoadError, Loading, Page, useResource, useSubmit } from '../components/ui';
import { loadCatalog } from '../data';
import { money, today } from '../format';
import { t } from '../i18n';
import { isActive } from '../labels';
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
  const amending = c.approved_plan != null;
  if (session.role !== 'contractor') {
    return (
      <Page title={title} back={back}>
        <Alert kind="info">
          <p>{t('Het plan wordt opgesteld door de opdrachtnemer. U beoordeelt het op de contractpagina.')}</p>
        </Alert>
      </Page>
    );
  }
  if (!isActive(c.status) || !c.registration) {
    return (
      <Page title={title} back={back}>
        <Alert kind="info">
          <p>
            {c.status === 'no_obligation'
              ? t('Voor deze opdracht geldt geen social-returnverplichting: er wordt geen plan gevraagd.')
              : c.status === 'cancelled'
                ? t('De opdracht is geannuleerd: er wordt geen plan meer gevraagd.')
                : c.status === 'closed'
                  ? t('Het contract is afgesloten: het plan kan niet meer worden gewijzigd.')
                  : t('Meld u eerst aan bij het SR-bureau; daarna kunt u een plan indienen.')}
          </p>
        </Alert>
      </Page>
    );
  }
  // An amendment starts from the latest revision: the approved plan, or the amendment proposed before.
  return <PlanForm c={c} catalog={catalog} initial={plan?.items.map(draftFromItem) ?? [emptyDraft()]} note={amending ? '' : (plan?.note ?? '')} back={back} amending={amending} />;
}

function PlanForm({ c, catalog, initial, note: initialNote, back, amending }: { c: Contract; catalog: Catalog; initial: ItemDraft[]; note: string; back: { href: string; label: string }; amending: boolean }) {
  const [drafts, setDrafts] = useState<ItemDraft[]>(initial);
  const [note, setNote] = useState(initialNote);
  const { busy, error, setError, errors, setErrors, send } = useSubmit();
  const live = useLiveValuation(c, drafts, catalog);
  const due = planDue(c);
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
    // Submitting sends every row, so items[n] is row n.
    await send(async () => {
      await contractsApi.submitPlan(c.id, { items, ...(note.trim() ? { note: note.trim() } : {}) });
      flash(amending ? t('De wijziging van het plan is ingediend. Het goedgekeurde plan blijft gelden tot het SR-bureau de wijziging goedkeurt.') : t('Het plan is ingediend. Het SR-bureau beoordeelt het.'));
      navigate(`/contracten/${encodeURIComponent(c.id)}#plan`);
    });
  };
  return (
    <Page title={amending ? t('Wijziging van het plan') : t('Social-returnplan')} back={back} lead={<p>{c.reference}: {c.title}</p>}>
      <p>
        {t('Verplichting')}: <strong>{money(c.obligation.obligation_cents)}</strong>
        {!amending && due && (
          <>
            {' '}
            · {t('Plan goedgekeurd')} <DueText due={due} today={today()} overdue={c.overdue.some((o) => o.kind === 'plan_overdue')} />
          </>
        )}
      </p>
      {amending && c.approved_plan && (
        <Alert kind="info" title={t('U stelt een wijziging voor van het goedgekeurde plan')}>
          <p>
            {t('Het goedgekeurde plan (versie {n}, {amount}) blijft gelden tot het SR-bureau de wijziging goedkeurt. Pas de bouwblokken aan, bijvoorbeeld als een kandidaat uitvalt, en leg in de toelichting uit wat er verandert.', {
              n: c.approved_plan.revision,
              amount: money(c.approved_plan.plan_value_cents),
            })}
          </p>
        </Alert>
      )}
      {c.status === 'plan_rejected' && (
        <Alert kind="warning" title={t('Het vorige plan is afgewezen')}>
          <p>{t('Pas het plan aan en dien het opnieuw in. De toelichting van het SR-bureau staat op de contractpagina.')}</p>
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} error={error} labels={itemLabels(drafts.length)} />
        <ItemsEditor drafts={drafts} setDrafts={setDrafts} catalog={catalog} errors={errors} live={live} what="plan" />
        <Field field="note" label={amending ? t('Wat verandert er en waarom') : t('Toelichting voor het SR-bureau')} optional errors={errors}>
          {(p) => <textarea {...p} class="textarea" rows={3} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button" disabled={busy}>
          {amending ? t('Wijziging indienen') : t('Plan indienen')}
        </button>
      </form>
    </Page>
  );
}
