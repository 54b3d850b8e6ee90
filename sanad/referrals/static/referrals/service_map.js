// The service directory map: Leaflet without a tile server; one labelled dot per place.
(function () {
  "use strict";
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("service-map");
    var configElement = document.getElementById("service-map-config");
    if (!element || !configElement || typeof L === "undefined") { return; }
    var config = JSON.parse(configElement.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var map = L.map(element, { attributionControl: false, minZoom: 4, maxZoom: 16 });
    map.fitBounds(config.bounds);
    // Baladiya centres: faint reference dots named on hover, so the service dots can be placed
    // without a background map. Public reference data; the map works without them.
    if (config.centroidsUrl) {
      fetch(config.centroidsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (data) {
          var reference = L.geoJSON(data, {
            pointToLayer: function (feature, latlng) {
              return L.circleMarker(latlng, { radius: 3, color: "#8a9aa6", weight: 1, fillColor: "#8a9aa6", fillOpacity: 0.5, className: "map-reference-dot" });
            },
            onEachFeature: function (feature, layer) {
              layer.bindTooltip(escapeHtml(feature.properties.name), { direction: rtl ? "left" : "right" });
            }
          }).addTo(map);
          reference.bringToBack();
        })
        .catch(function () { /* reference dots are optional */ });
    }
    fetch(config.dataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        // Services of one place share its coordinates: one dot per place, labelled with the place
        // and how many services it has (there is no background map to read the place from), and
        // a popup listing every service there.
        var places = {};
        var order = [];
        (data.features || []).forEach(function (feature) {
          var c = feature.geometry && feature.geometry.coordinates;
          if (!c) { return; }
          var key = c[1].toFixed(4) + "," + c[0].toFixed(4);
          if (!places[key]) { places[key] = { latlng: [c[1], c[0]], items: [] }; order.push(key); }
          places[key].items.push(feature.properties);
        });
        var layer = L.featureGroup();
        order.forEach(function (key) {
          var group = places[key];
          var count = group.items.length;
          var marker = L.circleMarker(group.latlng, {
            radius: 6 + 2 * Math.sqrt(count), color: "#ffffff", weight: 1.5, fillColor: "#0d6efd", fillOpacity: 0.9, className: "map-service-dot"
          });
          var label = escapeHtml(group.items[0].place) + (count > 1 ? " (" + count + ")" : "");
          marker.bindTooltip(label, { permanent: true, direction: rtl ? "left" : "right", offset: [rtl ? -6 : 6, 0] });
          var rows = group.items.map(function (p) {
            return '<li class="mb-1"><a href="' + escapeHtml(p.url) + '"><strong>' + escapeHtml(p.name) + "</strong></a><br>" +
              escapeHtml(p.provider) + " · " + escapeHtml(p.need) + "</li>";
          });
          marker.bindPopup('<div dir="' + (rtl ? "rtl" : "ltr") + '"><div class="fw-semibold mb-1">' + escapeHtml(group.items[0].place) +
            '</div><ul class="list-unstyled mb-0 small" style="max-height:14rem;overflow:auto">' + rows.join("") + "</ul></div>");
          layer.addLayer(marker);
        });
        layer.addTo(map);
        if (layer.getLayers().length) { map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 10 }); }
      })
      .catch(function () {
        var status = document.getElementById("service-map-status");
        if (status) { status.textContent = config.loadError; }
      });
  });
})();
