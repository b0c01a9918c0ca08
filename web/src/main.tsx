import { render } from 'preact';
import { setApiBase } from './api/client';
import { App } from './app';
import { loadConfig } from './auth/config';
import { getLang } from './i18n';
import './styles.css';

const root = document.getElementById('app') as HTMLElement;
document.documentElement.lang = getLang();

loadConfig().then(
  (config) => {
    setApiBase(config.api_url);
    root.textContent = '';
    render(<App config={config} />, root);
  },
  (err: unknown) => {
    // Without its configuration the portal cannot sign anyone in; say so plainly.
    const main = document.createElement('main');
    main.className = 'container';
    const h1 = document.createElement('h1');
    h1.textContent = 'srmonitor is niet bereikbaar / srmonitor is unavailable';
    const p = document.createElement('p');
    p.textContent = `De configuratie kon niet worden geladen. Probeer het later opnieuw. (${err instanceof Error ? err.message : String(err)})`;
    main.append(h1, p);
    root.replaceChildren(main);
  },
);
