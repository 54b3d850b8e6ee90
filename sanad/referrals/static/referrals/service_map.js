// The service directory map: Leaflet without a tile server; one dot per service.
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
    fetch(config.dataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, { radius: 7, color: "#ffffff", weight: 1.5, fillColor: "#0d6efd", fillOpacity: 0.9 });
          },
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            marker.bindTooltip(escapeHtml(p.name), { direction: rtl ? "left" : "right" });
            marker.bindPopup('<div dir="' + (rtl ? "rtl" : "ltr") + '"><a href="' + escapeHtml(p.url) + '"><strong>' +
              escapeHtml(p.name) + "</strong></a><br>" + escapeHtml(p.provider) + "<br>" + escapeHtml(p.need) + " · " + escapeHtml(p.place) + "</div>");
          }
        }).addTo(map);
        if (layer.getLayers().length) { map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 10 }); }
      })
      .catch(function () {
        var status = document.getElementById("service-map-status");
        if (status) { status.textContent = config.loadError; }
      });
  });
})();
