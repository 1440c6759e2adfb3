// kloof map: progressive enhancement of the map page. Without this script the page
// shows the legend and the table; with it, an interactive MapLibre map of the same layer.
// Click a gemeente to drill down to its wijken, click a wijk or a buurt to open its profile.
import * as maplibregl from "/static/vendor/maplibre-gl/maplibre-gl.mjs";

const box = document.getElementById("map");
const status = document.getElementById("map-status");
const hover = document.getElementById("map-hover");

// #map-status is a live region: only loading and "ready" are announced there. What the
// pointer is over goes to #map-hover, which is not live (no screen-reader chatter on
// every mouse move).
function say(text) {
  if (status) status.textContent = text;
}

function show(text) {
  if (hover) hover.textContent = text;
}

// Numbers as the table prints them (kloof.report.charts.format_number): three
// significant digits, at most two decimals, Dutch or English separators.
function fmt(value, nl) {
  const x = Number(value);
  if (value === null || value === undefined || value === "null" || !Number.isFinite(x)) return "–";
  const magnitude = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(x)));
  const decimals = x === 0 ? 0 : Math.min(2, Math.max(0, 2 - magnitude));
  return x.toLocaleString(nl ? "nl-NL" : "en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function bounds(collection) {
  let minX = 180, minY = 90, maxX = -180, maxY = -90;
  const walk = (c) => {
    if (typeof c[0] === "number") {
      minX = Math.min(minX, c[0]); maxX = Math.max(maxX, c[0]);
      minY = Math.min(minY, c[1]); maxY = Math.max(maxY, c[1]);
    } else c.forEach(walk);
  };
  collection.features.forEach((f) => f.geometry && walk(f.geometry.coordinates));
  return [[minX, minY], [maxX, maxY]];
}

async function start() {
  if (!box) return;
  box.hidden = false;
  const nl = box.dataset.lang !== "en";
  say(nl ? "Kaart laden…" : "Loading map…");
  const response = await fetch(box.dataset.url, { headers: { Accept: "application/geo+json" } });
  if (!response.ok) { say(nl ? "De kaart kon niet laden; de tabel hieronder toont dezelfde gegevens." : "The map failed to load; the table below shows the same data."); return; }
  const data = await response.json();
  const map = new maplibregl.Map({
    container: box,
    style: { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#f8f8f8" } }] },
    bounds: bounds(data),
    fitBoundsOptions: { padding: 12 },
    attributionControl: { compact: false, customAttribution: nl ? "Bron: CBS" : "Source: CBS" },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  map.on("load", () => {
    const tiles = box.dataset.tiles;  // a basemap with place names (setting tile_url)
    if (tiles) {
      map.addSource("basemap", { type: "raster", tiles: [tiles], tileSize: 256, attribution: nl ? "Achtergrond: PDOK/Kadaster" : "Basemap: PDOK/Kadaster" });
      map.addLayer({ id: "basemap", type: "raster", source: "basemap" });
    }
    map.addSource("regions", { type: "geojson", data, promoteId: "code" });
    map.addLayer({ id: "fill", type: "fill", source: "regions", paint: { "fill-color": ["get", "colour"], "fill-opacity": tiles ? 0.7 : 0.9 } });
    map.addLayer({ id: "line", type: "line", source: "regions", paint: { "line-color": "#4d4d4d", "line-width": 0.4 } });
    map.addLayer({ id: "hover", type: "line", source: "regions", paint: { "line-color": "#000", "line-width": 2.5 }, filter: ["==", ["get", "code"], ""] });
    say(nl ? `${data.features.length} gebieden op de kaart. Klik op een gebied of gebruik de tabel.` : `${data.features.length} areas on the map. Click an area or use the table.`);
    map.once("idle", () => { box.dataset.ready = "true"; });
  });
  map.on("mousemove", "fill", (e) => {
    const f = e.features && e.features[0];
    if (!f) return;
    map.getCanvas().style.cursor = "pointer";
    map.setFilter("hover", ["==", ["get", "code"], f.properties.code]);
    const words = nl ? f.properties.words_nl : f.properties.words_en;
    const v = words !== undefined ? words : f.properties.label !== undefined ? f.properties.label : f.properties.value;
    const name = `${f.properties.name || f.properties.code} (${f.properties.code})`;
    if (f.properties.label !== undefined) { show(`${name}: ${v || "–"}`); return; }
    show(`${name}: ${words !== undefined ? v : fmt(v, nl)}`);
  });
  map.on("mouseleave", "fill", () => { map.getCanvas().style.cursor = ""; map.setFilter("hover", ["==", ["get", "code"], ""]); show(""); });
  const open = (f) => {
    const code = f.properties.code;
    const layer = encodeURIComponent(box.dataset.layer);
    const drill = box.dataset.level === "gemeente" && box.dataset.click !== "profile";
    window.location.href = drill ? `/?gemeente=${code}&layer=${layer}` : `/gebied/${code}`;
  };
  map.on("click", "fill", (e) => {
    const f = e.features && e.features[0];
    if (f) open(f);
  });
  // keyboard: arrows pan and +/- zoom (MapLibre); Enter opens the area in the centre
  map.getCanvas().setAttribute("aria-describedby", "map-keys");
  map.getCanvas().addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    const c = map.getCanvas();
    const found = map.queryRenderedFeatures([c.clientWidth / 2, c.clientHeight / 2], { layers: ["fill"] });
    if (found.length) open(found[0]);
  });
  window.kloofMap = map;
}

start().catch((err) => { say(String(err)); });
