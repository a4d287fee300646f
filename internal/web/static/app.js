// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  var doc = document, QUEUE = "hv-queue";
  doc.documentElement.classList.add("js");

  function $(sel) { return doc.querySelector(sel); }
  function csrf() { var m = $('meta[name="csrf-token"]'); return m ? m.content : ""; }
  function show(el, text) { if (el) { el.textContent = text; el.hidden = false; } }

  // Completions made offline wait in localStorage, oldest first, and are
  // sent when the network is back. The server ignores repeats.
  function queue() { try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; } }
  function saveQueue(q) { localStorage.setItem(QUEUE, JSON.stringify(q)); }
  function post(item) {
    return fetch(item.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify({ completed_at: item.at })
    });
  }
  var flushing = false;
  function flush() {
    var q = queue();
    if (flushing || !q.length || !navigator.onLine) return;
    flushing = true;
    post(q[0]).then(function (res) {
      flushing = false;
      // Keep it when signed out or the server failed; drop it otherwise.
      if (res.status === 401 || res.status === 403 || res.status >= 500) return;
      saveQueue(queue().slice(1));
      flush();
    }, function () { flushing = false; });
  }
  window.addEventListener("online", flush);

  function completeForm(form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var item = { url: form.dataset.api, at: new Date().toISOString() };
      var status = $("[data-complete-status]");
      post(item).then(function (res) {
        if (res.ok) { location.href = form.dataset.next; return; }
        return res.json().then(function (b) { show(status, b.error && b.error.message); });
      }, function () {
        var q = queue(); q.push(item); saveQueue(q);
        show(status, form.dataset.queued);
        form.hidden = true;
      });
    });
  }

  function readAloud(btn) {
    if (!("speechSynthesis" in window)) return;
    var label = btn.textContent, speaking = false;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      speechSynthesis.cancel();
      if (speaking) { speaking = false; btn.textContent = label; return; }
      var u = new SpeechSynthesisUtterance($("#lesson-text").innerText);
      u.lang = btn.dataset.lang;
      var voice = speechSynthesis.getVoices().filter(function (v) { return v.lang.replace("_", "-") === u.lang; })[0];
      if (voice) u.voice = voice;
      u.rate = 0.9;
      u.onend = function () { speaking = false; btn.textContent = label; };
      speaking = true; btn.textContent = btn.dataset.stop;
      speechSynthesis.speak(u);
    });
  }

  function saveOffline(btn) {
    if (!navigator.serviceWorker) return;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      navigator.serviceWorker.ready.then(function (reg) {
        var ch = new MessageChannel();
        ch.port1.onmessage = function (e) { if (e.data.ok) show($("[data-offline-status]"), btn.dataset.done); };
        reg.active.postMessage({ type: "save", urls: JSON.parse(btn.dataset.urls) }, [ch.port2]);
      });
    });
  }

  doc.addEventListener("DOMContentLoaded", function () {
    var summary = doc.getElementById("error-summary");
    if (summary) summary.focus();
    var form = $("[data-complete]"); if (form) completeForm(form);
    var speak = $("[data-speak]"); if (speak) readAloud(speak);
    var save = $("[data-save-offline]"); if (save) saveOffline(save);
    flush();

    // Sign-up: load the communes of the chosen province without reloading.
    var province = $("[data-province]"), commune = $("[data-commune]"), copy = $("[data-province-copy]");
    if (province && commune) {
      province.addEventListener("change", function () {
        if (copy) copy.value = province.value;
        var first = commune.options[0];
        commune.length = 1;
        if (!province.value) return;
        fetch("/api/v1/units?province=" + encodeURIComponent(province.value))
          .then(function (r) { if (!r.ok) throw r; return r.json(); })
          .then(function (body) {
            first.textContent = doc.documentElement.lang === "en" ? "— Choose —" : "— Chọn —";
            body.units.forEach(function (u) {
              var o = doc.createElement("option");
              o.value = u.code; o.textContent = u.label;
              commune.appendChild(o);
            });
          })
          .catch(function () { province.form.submit(); });
      });
    }
  });

  if (navigator.serviceWorker) navigator.serviceWorker.register("/sw.js").catch(function () {});
})();
