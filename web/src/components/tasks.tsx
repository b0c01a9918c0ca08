import { date, daysBetween, money } from '../format';
import { t } from '../i18n';
import { flagKindLabel, periodLabel } from '../labels';
import type { Task } from '../tasks';

/** What a task asks, in words. */
export function TaskLabel({ task }: { task: Task }) {
  const period = task.period ? periodLabel(task.period) : '';
  switch (task.kind) {
    case 'decide_plan':
      return <>{t('Plan beoordelen')}</>;
    case 'decide_amendment':
      return <>{t('Wijziging van het plan beoordelen')}</>;
    case 'decide_report':
      return <>{t('Rapportage {period} beoordelen', { period })}</>;
    case 'decide_flag':
      return (
        <>
          {t('Verplichting niet gehaald: boete of kwijtschelding besluiten')}
          {task.flag?.fine_cents != null && ` (${t('voorgestelde boete {amount}', { amount: money(task.flag.fine_cents) })})`}
        </>
      );
    case 'flag':
      return (
        <>
          {t('Signalering')}: {flagKindLabel(task.flag?.kind ?? '')}
          {period && ` (${period})`}
        </>
      );
    case 'registration_due':
      return <>{t('Aanmelding van de opdrachtnemer verwacht')}</>;
    case 'plan_due':
      return <>{t('Plan moet worden goedgekeurd')}</>;
    case 'report_due':
      return <>{period ? t('Rapportage {period} verwacht', { period }) : t('Rapportage verwacht')}</>;
    case 'shortfall_due':
      return <>{t('Verplichting niet gehaald (nog niet gesignaleerd)')}</>;
    case 'register':
      return <>{t('Aanmelden bij het SR-bureau')}</>;
    case 'submit_plan':
      return <>{t('Social-returnplan indienen')}</>;
    case 'resubmit_plan':
      return <>{t('Plan is afgewezen: pas het aan en dien het opnieuw in')}</>;
    case 'await_plan':
      return <>{t('Plan ingediend: wacht op het besluit van het SR-bureau')}</>;
    case 'submit_report':
      return <>{t('Rapportage {period} indienen', { period })}</>;
    case 'resubmit_report':
      return <>{t('Rapportage {period} is afgewezen: pas haar aan en dien haar opnieuw in', { period })}</>;
    case 'next_report':
      return <>{t('Volgende rapportage: {period}', { period })}</>;
    case 'done':
      return <>{t('Alles is ingediend')}</>;
    case 'no_obligation':
      return <>{t('Geen verplichting: er wordt niets gevraagd')}</>;
    case 'closed':
      return <>{t('Afgesloten: er wordt niets meer gevraagd')}</>;
    case 'cancelled':
      return <>{t('Geannuleerd door de gemeente: er wordt niets meer gevraagd')}</>;
  }
}

/** "uiterlijk 30-11-2026 (over 3 dagen)" or "... (12 dagen te laat)". */
export function DueText({ due, today, overdue, prefix = 'by' }: { due: string; today: string; overdue: boolean; prefix?: 'by' | 'from' }) {
  const d = daysBetween(today, due);
  let rel: string;
  if (prefix === 'from') rel = d > 0 ? t('over {n} dagen', { n: d }) : '';
  else if (d === 0) rel = t('vandaag');
  else if (d === 1) rel = t('morgen');
  else if (d > 1) rel = t('over {n} dagen', { n: d });
  else rel = d === -1 ? t('1 dag te laat') : t('{n} dagen te laat', { n: -d });
  return (
    <span class={overdue || d < 0 ? 'due-overdue' : d <= 7 ? 'due-soon' : undefined}>
      {prefix === 'from' ? t('vanaf {date}', { date: date(due) }) : t('uiterlijk {date}', { date: date(due) })}
      {rel && ` (${rel})`}
    </span>
  );
}
