import { Page } from '../components/ui';
import { t } from '../i18n';

export function A11yStatement() {
  return (
    <Page title={t('Toegankelijkheid')}>
      <p>{t('srmonitor wil voor iedereen bruikbaar zijn en volgt de WCAG 2.1 op niveau AA, zoals het Besluit digitale toegankelijkheid overheid vraagt.')}</p>
      <ul>
        <li>{t('Alles werkt met alleen het toetsenbord; de focus is altijd zichtbaar.')}</li>
        <li>{t('Elk formulierveld heeft een label; fouten staan bij het veld en bovenaan in een overzicht.')}</li>
        <li>{t('Grafieken hebben de cijfers ook als tekst.')}</li>
        <li>{t('Elke pagina wordt automatisch getest met axe-core in een echte browser.')}</li>
      </ul>
      <p>{t('Loopt u toch ergens tegenaan? Meld het bij het SR-bureau van uw gemeente; noem de pagina en wat er misging.')}</p>
    </Page>
  );
}
