// The map of sites: Leaflet without a tile server. Sites are coloured by type; baladiya
// centroids are faint reference dots named on hover. Text comes translated from the page.
(function () {
  "use strict";
  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    });
  }
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("site-map");
    var configElement = document.getElementById("site-map-config");
    if (!element || !configElement || typeof L === "undefined") { return; }
    var config = JSON.parse(configElement.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var map = L.map(element, { zoomControl: false, attributionControl: false, minZoom: 4, maxZoom: 16 });
    L.control.zoom({ position: rtl ? "topright" : "topleft", zoomInTitle: config.zoomIn, zoomOutTitle: config.zoomOut }).addTo(map);
    map.fitBounds(config.bounds);
    var tooltipDirection = rtl ? "left" : "right";

    getJson(config.centroidsUrl).then(function (data) {
      L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 3, color: "#8a9aa6", weight: 1, fillColor: "#8a9aa6", fillOpacity: 0.5, interactive: true });
        },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(escapeHtml(feature.properties.name), { direction: tooltipDirection });
        }
      }).addTo(map).bringToBack();
    }).catch(function () { /* reference dots are optional */ });

    var status = document.getElementById("site-map-status");
    getJson(config.sitesUrl).then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var colour = config.colours[feature.properties.type] || "#555555";
          return L.circleMarker(latlng, {
            radius: 7, color: "#ffffff", weight: 1.5, fillColor: colour,
            fillOpacity: feature.properties.active ? 0.95 : 0.4
          });
        },
        onEachFeature: function (feature, marker) {
          var p = feature.properties;
          marker.bindTooltip(escapeHtml(p.name), { direction: tooltipDirection });
          marker.bindPopup(
            '<div dir="' + (rtl ? "rtl" : "ltr") + '"><a href="' + escapeHtml(p.url) + '"><strong>' + escapeHtml(p.name) +
            "</strong></a><br>" + escapeHtml(p.type_label) + "<br>" + escapeHtml(p.admin_unit) + " (" + escapeHtml(p.pcode) + ")</div>"
          );
        }
      }).addTo(map);
      if (status && data.without_coordinates) {
        status.textContent = config.noCoordinates.replace("%(count)s", data.without_coordinates);
      }
      if (layer.getLayers().length) {
        map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 10 });
      }
    }).catch(function () { if (status) { status.textContent = config.loadError; } });
  });
})();
