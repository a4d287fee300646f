// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Sign-up: load the communes of the chosen province without reloading.
  document.addEventListener("DOMContentLoaded", function () {
    // Bring a form's error summary into view, so nobody has to hunt for it.
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
    var province = document.querySelector("[data-province]");
    var commune = document.querySelector("[data-commune]");
    var copy = document.querySelector("[data-province-copy]");
    if (!province || !commune) return;
    province.addEventListener("change", function () {
      if (copy) copy.value = province.value;
      var first = commune.options[0];
      commune.length = 1;
      if (!province.value) return;
      fetch("/api/v1/units?province=" + encodeURIComponent(province.value))
        .then(function (r) { if (!r.ok) throw r; return r.json(); })
        .then(function (body) {
          first.textContent = document.documentElement.lang === "en" ? "— Choose —" : "— Chọn —";
          body.units.forEach(function (u) {
            var o = document.createElement("option");
            o.value = u.code;
            o.textContent = u.label;
            commune.appendChild(o);
          });
        })
        .catch(function () { province.form.submit(); });
    });
  });
})();
