// DTM figures per baladiya as proportional circles (area ∝ people), Leaflet without tiles.
(function () {
  "use strict";
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("dtm-map");
    var configElement = document.getElementById("dtm-map-config");
    if (!element || !configElement || typeof L === "undefined") { return; }
    var config = JSON.parse(configElement.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var lang = document.documentElement.lang || "en";
    var format = new Intl.NumberFormat(lang);
    var map = L.map(element, { zoomControl: false, attributionControl: false, minZoom: 4, maxZoom: 14 });
    L.control.zoom({ position: rtl ? "topright" : "topleft", zoomInTitle: config.zoomIn, zoomOutTitle: config.zoomOut }).addTo(map);
    map.fitBounds(config.bounds);
    var status = document.getElementById("dtm-map-status");
    fetch(config.dataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var largest = 1;
        data.features.forEach(function (f) { largest = Math.max(largest, f.properties.individuals); });
        var sorted = data.features.slice().sort(function (a, b) { return b.properties.individuals - a.properties.individuals; });
        L.geoJSON({ type: "FeatureCollection", features: sorted }, {
          pointToLayer: function (feature, latlng) {
            var radius = 3 + 27 * Math.sqrt(feature.properties.individuals / largest);
            return L.circleMarker(latlng, { radius: radius, color: "#ffffff", weight: 1, fillColor: "#d9480f", fillOpacity: 0.6 });
          },
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            var text = escapeHtml(p.name) + ": " + format.format(p.individuals) + " " + escapeHtml(config.individuals);
            marker.bindTooltip(text, { direction: rtl ? "left" : "right" });
            marker.bindPopup('<div dir="' + (rtl ? "rtl" : "ltr") + '"><a href="' + escapeHtml(p.url) + '"><strong>' +
              escapeHtml(p.name) + "</strong></a><br>" + format.format(p.individuals) + " " + escapeHtml(config.individuals) + "</div>");
          }
        }).addTo(map);
      })
      .catch(function () { if (status) { status.textContent = config.loadError; } });
  });
})();
