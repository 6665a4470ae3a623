// The dashboard: filters drive the map, the timeline and the event list together; a marker, a dot
// or a list item opens the drill-down. Data comes from /api/v1 of the server that served the page.

import './styles.css';

import { getJSON } from './api.js';
import { createFilters } from './filters.js';
import { plural } from './format.js';
import { createMap } from './map.js';
import { createPanel } from './panel.js';
import { openSparql } from './sparql.js';
import { setupTabs } from './tabs.js';
import { createTimeline } from './timeline.js';

const $ = (id) => document.getElementById(id);

function alertUser(message) {
  const box = $('alert');
  box.textContent = message;
  box.hidden = !message;
}

/** event IRI -> place label, from the places' GeoJSON (for the timeline's dots). */
function placeLabels(features) {
  const labels = new Map();
  for (const feature of features) {
    for (const iri of feature.properties.events) labels.set(iri, feature.properties.label);
  }
  return (iri) => labels.get(iri) || 'Event (no place on the map)';
}

async function start() {
  const [config, stats, gazetteer] = await Promise.all([getJSON('ui-config'), getJSON('stats'), getJSON('gazetteer.geojson')]);
  $('summary').textContent = `${plural(stats.articles, 'article')} · ${plural(stats.events, 'event')} · ${plural(stats.claims, 'statement')}`;
  if (config.tile_url_error) alertUser(config.tile_url_error);

  let filters = null;
  const panel = createPanel($('panel'), {
    onShowEvent: (iri) => filters?.remember(filters.current(), iri ? { event: iri } : {}),
  });
  const map = createMap($('map'), {
    tileUrl: config.tile_url,
    tileHost: config.tile_host,
    onPlace: (place) => panel.showPlace(place, filters.current()),
  });
  map.setGazetteer(gazetteer.features);
  const reference = config.tile_url
    ? 'Grey points: places of the gazetteer, for reference.'
    : 'No map tiles are configured (KG_TILE_URL): the grey points are places of the gazetteer, for reference.';
  const timeline = createTimeline($('timeline'), {
    onEvent: (iri) => panel.showEvent(iri),
    onDay: (date) => panel.showDay(date, filters.current()),
  });

  let generation = 0;
  async function refresh(params) {
    generation += 1;
    const mine = generation;
    filters.remember(params);
    document.querySelector('.views').setAttribute('aria-busy', 'true');
    const listed = panel.showAll(params);
    try {
      const [places, days] = await Promise.all([getJSON('places.geojson', params), getJSON('timeline', params)]);
      if (mine !== generation) return;
      map.setPlaces(places.features);
      const onMap = places.features.reduce((n, f) => n + f.properties.event_count, 0);
      $('map-note').textContent = `${plural(places.features.length, 'place')} with ${plural(onMap, 'event')}. ${reference}`;
      timeline.render(days.days, placeLabels(places.features));
      const dated = days.days.reduce((n, d) => n + d.count, 0);
      $('timeline-note').textContent = `${plural(dated, 'event')} dated to the day`
        + (days.not_dated_to_the_day ? `; ${plural(days.not_dated_to_the_day, 'other')} dated less precisely or not at all (in the event list).` : '.');
      alertUser(config.tile_url_error || '');
    } catch (error) {
      if (mine === generation) alertUser(`Could not load the events: ${error.message}`);
    } finally {
      if (mine === generation) {
        document.querySelector('.views').setAttribute('aria-busy', 'false');
        document.body.dataset.refreshes = String(mine);   // tests wait for this
      }
    }
    await listed;
  }

  filters = createFilters($('filters'), { eventsByType: stats.events_by_type, onChange: refresh });
  const wanted = new URLSearchParams(window.location.search).get('event');
  await refresh(filters.current());
  if (wanted) panel.showEvent(wanted);

  setupTabs(document.querySelector('[role="tablist"]'), {
    onSelect: (id) => {
      if (id === 'tab-sparql') openSparql($('yasgui'), $('examples'));
      else map.invalidate();
    },
  });
  document.body.dataset.ready = 'true';
}

start().catch((error) => alertUser(`The dashboard could not start: ${error.message}`));
