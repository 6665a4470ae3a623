// The map: Leaflet, with tiles only when the server is configured with KG_TILE_URL. Without tiles it
// is a plain background with the gazetteer's places as small grey points, so it works offline.
// Popups and tooltips only ever get DOM nodes (Leaflet would parse a string as HTML).

import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

import { h } from './dom.js';
import { plural } from './format.js';

/** Marker diameter in pixels: grows with the square root of the number of events. */
function markerSize(count) {
  return Math.round(18 + 7 * Math.sqrt(count));
}

export function createMap(element, { tileUrl, tileHost, onPlace }) {
  const map = L.map(element, { zoomSnap: 0.25, worldCopyJump: false, minZoom: 2, maxZoom: 14 });
  map.attributionControl.setPrefix(false);
  if (tileUrl) {
    // The attribution control takes HTML: give it only the host, which the server checked is a plain name.
    L.tileLayer(tileUrl, { maxZoom: 18, attribution: `Tiles: ${(tileHost || '').replace(/[^A-Za-z0-9.:/*-]/g, '')}` }).addTo(map);
  } else {
    element.classList.add('map-offline');
  }
  const reference = L.layerGroup().addTo(map);
  const places = L.layerGroup().addTo(map);
  map.setView([20, 0], 2);

  // Labels: the places with events first (most events first), then the gazetteer's; a label that
  // would cover another label or a marker is hidden until zooming in makes room for it.
  let placeLabels = [];
  let referenceLabels = [];
  let pending = 0;
  function declutter() {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      const markers = [...element.querySelectorAll('.place-marker')].map((el) => ({ el, box: el.getBoundingClientRect() }));
      const taken = [];
      const hits = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      for (const { label, icon } of [...placeLabels, ...referenceLabels]) {
        const el = label.getElement();
        if (!el) continue;
        el.classList.remove('label-hidden');
        el.style.marginLeft = '';
        const free = (box) => !taken.some((t) => hits(t, box)) && !markers.some((m) => m.el !== icon && hits(m.box, box));
        let box = el.getBoundingClientRect();
        if (!free(box)) {   // try the other side of the point
          const shift = box.width + (icon ? icon.getBoundingClientRect().width : 0) + 8;
          el.style.marginLeft = `${-shift}px`;
          box = el.getBoundingClientRect();
        }
        if (free(box)) {
          taken.push(box);
        } else {
          el.style.marginLeft = '';
          el.classList.add('label-hidden');
        }
      }
    });
  }
  map.on('zoomend resize', declutter);

  let fitted = false;
  let referencePoints = [];
  function fitOnce(features) {
    if (fitted) return;
    const points = [...referencePoints, ...features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]])];
    if (points.length) map.fitBounds(L.latLngBounds(points), { padding: [36, 36], maxZoom: 9 });
    fitted = points.length > 0;
  }

  function addMarker(feature, size, [dx, dy]) {
    const props = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const count = props.event_count;
    const name = `${props.label}: ${plural(count, 'event')}${props.approximate_location ? ' (located at its city)' : ''}`;
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({
        className: `place-marker${props.approximate_location ? ' approximate' : ''}`,
        html: h('span', { 'aria-hidden': 'true' }, String(count)),
        iconSize: [size, size],
        iconAnchor: [size / 2 - dx, size / 2 - dy],
      }),
      title: name,
      keyboard: true,
      riseOnHover: true,
    });
    marker.bindTooltip(h('span', {}, props.label), {
      permanent: true, direction: 'right', offset: [dx + size / 2, dy], className: 'place-label', interactive: false,
    });
    placeLabels.push({ label: marker.getTooltip(), icon: null, count, marker });
    marker.on('click', () => onPlace(props));
    marker.on('keypress', (e) => {   // Leaflet's own Enter handling only opens popups
      if (e.originalEvent.key === 'Enter' || e.originalEvent.key === ' ') {
        e.originalEvent.preventDefault();
        onPlace(props);
      }
    });
    marker.addTo(places);
    const icon = marker.getElement();
    placeLabels[placeLabels.length - 1].icon = icon;
    icon.setAttribute('aria-label', `${name}: show them`);
    icon.dataset.iri = props.iri;
    icon.dataset.count = String(count);
  }

  return {
    /** Reference points: the gazetteer (cities and other places with coordinates). */
    setGazetteer(features) {
      reference.clearLayers();
      referenceLabels = [];
      referencePoints = features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
      for (const feature of features) {
        const [lon, lat] = feature.geometry.coordinates;
        const point = L.circleMarker([lat, lon], {
          radius: 2.5, color: '#8a8f98', weight: 1, fillColor: '#b7bcc4', fillOpacity: 1, interactive: false,
          className: 'gazetteer-point',
        }).bindTooltip(h('span', {}, feature.properties.label), {
          permanent: true, direction: 'right', offset: [4, 0], className: 'gazetteer-label',
        }).addTo(reference);
        referenceLabels.push({ label: point.getTooltip(), icon: null });
      }
      declutter();
    },

    /** Places with events (a GeoJSON FeatureCollection's features): one marker each. Places at the
     * same point (a facility shown at its city) are set around it, so every marker can be clicked. */
    setPlaces(features) {
      places.clearLayers();
      placeLabels = [];
      const byPoint = new Map();
      for (const feature of features) {
        const key = feature.geometry.coordinates.join(',');
        if (!byPoint.has(key)) byPoint.set(key, []);
        byPoint.get(key).push(feature);
      }
      for (const group of byPoint.values()) {
        group.sort((a, b) => Number(a.properties.approximate_location) - Number(b.properties.approximate_location)
          || b.properties.event_count - a.properties.event_count);
        const sizes = group.map((f) => markerSize(f.properties.event_count));
        group.forEach((feature, i) => {
          let offset = [0, 0];
          if (i > 0) {
            const angle = -Math.PI / 4 + ((i - 1) * 2 * Math.PI) / Math.max(1, group.length - 1);
            const distance = sizes[0] / 2 + sizes[i] / 2 + 2;
            offset = [Math.round(Math.cos(angle) * distance), Math.round(Math.sin(angle) * distance)];
          }
          addMarker(feature, sizes[i], offset);
        });
      }
      placeLabels.sort((a, b) => b.count - a.count);
      fitOnce(features);
      declutter();
    },

    invalidate() {
      map.invalidateSize();
      declutter();
    },
  };
}
