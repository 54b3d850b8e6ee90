// Sanad's small client script. Keep it tiny: pages work without it.
(function () {
  "use strict";
  // Keep a failed or interrupted form submission from losing what the user typed:
  // form fields are saved to sessionStorage while typing and restored on the next load,
  // until the form is submitted successfully (the server then renders a new page).
  function storageKey(form) { return "sanad-form:" + location.pathname + ":" + (form.id || form.getAttribute("action") || ""); }
  document.addEventListener("DOMContentLoaded", function () {
    // A success message means the last write landed: forget every preserved draft.
    if (document.querySelector(".alert-success")) {
      Object.keys(sessionStorage).forEach(function (k) { if (k.indexOf("sanad-form:") === 0) { sessionStorage.removeItem(k); } });
    }
    document.querySelectorAll("form[data-preserve]").forEach(function (form) {
      var key = storageKey(form);
      var saved = sessionStorage.getItem(key);
      if (saved && !form.hasAttribute("data-server-errors")) {
        try {
          var values = JSON.parse(saved);
          Object.keys(values).forEach(function (name) {
            var field = form.elements[name];
            if (field && field.type !== "hidden" && field.type !== "password" && !field.value) { field.value = values[name]; }
          });
        } catch (e) { sessionStorage.removeItem(key); }
      }
      form.addEventListener("input", function () {
        var values = {};
        Array.prototype.forEach.call(form.elements, function (field) {
          if (field.name && field.type !== "password" && field.type !== "hidden" && field.type !== "submit") { values[field.name] = field.value; }
        });
        sessionStorage.setItem(key, JSON.stringify(values));
      });
    });
  });
})();
