// The SPARQL view: YASGUI, loaded on first use (it is most of the bundle), pointed at this server's
// /sparql, with the named queries (/api/v1/queries) as ready examples. Nothing is fetched from
// elsewhere: the autocompleters that ask the Linked Open Vocabularies service are left out, and so
// is the endpoint chooser.

import { getJSON, sparqlEndpoint } from './api.js';
import { clear, h } from './dom.js';

let loading = null;

function loadStyles() {
  const href = document.querySelector('meta[name="kg-sparql-css"]')?.content;
  if (!href || document.querySelector('link[data-sparql-css]')) return Promise.resolve();
  return new Promise((resolve) => {
    const sheet = h('link', { rel: 'stylesheet', href: new URL(href, document.baseURI).href, 'data-sparql-css': '' });
    sheet.addEventListener('load', resolve);
    sheet.addEventListener('error', resolve);
    document.head.append(sheet);
  });
}

async function start(host, examples) {
  const [{ default: Yasgui }, queries] = await Promise.all([
    import('./yasgui-entry.js'), getJSON('queries'), loadStyles(),
  ]);
  const endpoint = sparqlEndpoint();
  clear(host);
  const yasgui = new Yasgui(host, {
    requestConfig: { endpoint, method: 'POST' },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    autofocus: false,
    persistenceId: 'kg-dashboard',
    endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
    yasqe: {
      autocompleters: ['variables', 'prefixes'],
      createShareableLink: null,
      consumeShareLink: null,
      editorHeight: '320px',
    },
  });
  // Tabs restored from an earlier visit may point elsewhere (another port): this page queries its own server.
  for (const id of yasgui.persistentConfig.getTabs()) yasgui.getTab(id)?.setEndpoint(endpoint);

  clear(examples);
  for (const query of queries) {
    examples.append(h('li', {},
      h('button', {
        type: 'button', class: 'example', 'data-query': query.name, title: query.title,
        onclick: () => {
          const tab = yasgui.addTab(true, { name: query.name, yasqe: { value: query.query }, requestConfig: { endpoint } }, { avoidDuplicateTabs: true });
          tab.show();
          tab.getYasqe()?.setValue(query.query);
          tab.getYasqe()?.focus();
        },
      }, h('code', {}, `${query.name}.rq`)),
      h('span', { class: 'note' }, query.title)));
  }
  return yasgui;
}

/** Show the SPARQL view (loading YASGUI the first time). */
export function openSparql(host, examples) {
  if (!loading) {
    loading = start(host, examples).catch((error) => {
      loading = null;
      clear(host).append(h('p', { class: 'error' }, `The SPARQL editor could not be loaded: ${error.message}`));
    });
  }
  return loading;
}
