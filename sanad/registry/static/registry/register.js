// Registration page: show the date input that matches the chosen precision, estimate the year
// from an age, add and remove household members, open every section on a wide screen. The form
// works without it.
(function () {
  "use strict";
  function syncDob(scope) {
    var select = scope.querySelector("[data-dob-precision]");
    if (!select) { return; }
    var fields = scope.querySelector("[data-dob-fields]");
    if (!fields) { return; }
    fields.querySelectorAll("[data-dob]").forEach(function (box) {
      box.hidden = box.getAttribute("data-dob") !== select.value;
    });
    var age = fields.querySelector("[data-age]");
    var out = fields.querySelector("[data-estimated-year]");
    if (age && out) {
      var years = parseInt(age.value, 10);
      out.textContent = isNaN(years) ? "" : String(new Date().getFullYear() - years);
    }
  }
  function wire(scope) {
    var select = scope.querySelector("[data-dob-precision]");
    if (select) {
      select.addEventListener("change", function () { syncDob(scope); });
      var age = scope.querySelector("[data-age]");
      if (age) { age.addEventListener("input", function () { syncDob(scope); }); }
      syncDob(scope);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("person-register-form");
    if (!form) { return; }
    // On a wide screen the whole form is one screen: every section open. On a phone the
    // optional sections stay collapsed (the server opens those holding an error).
    if (window.matchMedia && window.matchMedia("(min-width: 992px)").matches) {
      form.querySelectorAll("details[data-section]").forEach(function (section) { section.open = true; });
    }
    wire(document.getElementById("identity") || form);
    form.querySelectorAll("[data-member]").forEach(wire);
    var total = form.querySelector("input[name='member-TOTAL_FORMS']");
    var list = document.getElementById("members");
    var template = document.getElementById("member-template");
    var add = form.querySelector("[data-add-member]");
    if (!add || !list || !template || !total) { return; }
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.firstElementChild;
      list.appendChild(row);
      total.value = String(index + 1);
      wire(row);
      var first = row.querySelector("input[type='text']");
      if (first) { first.focus(); }
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-member]");
      if (!button) { return; }
      // Emptying the names makes the server ignore the row; the numbering stays intact.
      var row = button.closest("[data-member]");
      row.querySelectorAll("input[type='text']").forEach(function (input) { input.value = ""; });
      row.hidden = true;
    });
  });
})();
