// The call screen: pick a caller found by the search; an anonymous caller hides the caller fields.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("call-form");
    if (!form) { return; }
    var hidden = form.elements["person"];
    var chosen = document.getElementById("caller-chosen");
    var anonymous = form.elements["anonymous"];
    var known = document.getElementById("caller-known");
    function showAnonymous() { if (known && anonymous) { known.hidden = anonymous.checked; } }
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-pick-person]");
      if (button) {
        hidden.value = button.getAttribute("data-pick-person");
        chosen.querySelector("[data-role=name]").textContent = button.getAttribute("data-name");
        chosen.classList.remove("d-none");
        document.getElementById("caller-results").innerHTML = "";
        form.elements["category"].focus();
      }
      if (event.target.closest("#caller-chosen [data-role=clear]")) {
        hidden.value = "";
        chosen.classList.add("d-none");
        var search = document.getElementById("caller-q");
        if (search) { search.focus(); }
      }
    });
    if (anonymous) { anonymous.addEventListener("change", showAnonymous); showAnonymous(); }
  });
})();
