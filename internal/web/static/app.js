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
  // A queued request: {method, url, body, key}; completions queued by
  // earlier versions were {url, at}.
  function send(item) {
    var h = { "Content-Type": "application/json", "X-CSRF-Token": csrf() };
    if (item.key) h["Idempotency-Key"] = item.key;
    return fetch(item.url, {
      method: item.method || "POST", credentials: "same-origin", headers: h,
      body: item.body !== undefined ? item.body : JSON.stringify({ completed_at: item.at })
    });
  }
  function enqueue(item) { var q = queue(); q.push(item); saveQueue(q); }
  var flushing = false;
  function flush() {
    var q = queue();
    if (flushing || !q.length || !navigator.onLine) return;
    flushing = true;
    var item = q[0];
    send(item).then(function (res) {
      flushing = false;
      // Keep it when signed out or the server failed; drop it otherwise.
      if (res.status === 401 || res.status === 403 || res.status >= 500) return;
      saveQueue(queue().slice(1));
      var sub = $("form[data-submit]");
      if (sub && item.url === sub.dataset.api) { location.reload(); return; }
      flush();
    }, function () { flushing = false; });
  }
  window.addEventListener("online", flush);

  function completeForm(form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var item = { url: form.dataset.api, at: new Date().toISOString() };
      var status = $("[data-complete-status]");
      send(item).then(function (res) {
        if (res.ok) { location.href = form.dataset.next; return; }
        return res.json().then(function (b) { show(status, b.error && b.error.message); });
      }, function () {
        enqueue(item);
        show(status, form.dataset.queued);
        form.hidden = true;
      });
    });
  }

  // Quiz answers are saved as they are given; offline they wait in the
  // queue with the time they were given, and the server judges a timed
  // quiz by its own start time.
  function answerBody(form) {
    var t = form.dataset.type, f = form.elements, body = { answered_at: new Date().toISOString() };
    var checked = [].filter.call(form.querySelectorAll("input:checked"), function (i) { return i.name !== "_csrf"; });
    if (t === "single" || t === "scenario") { if (!checked.length) return null; body.choice = checked[0].value; }
    else if (t === "multiple") { if (!checked.length) return null; body.choices = checked.map(function (i) { return i.value; }); }
    else if (t === "truefalse") { if (!checked.length) return null; body.bool = checked[0].value === "true"; }
    else if (t === "text") { if (!f.text.value.trim()) return null; body.text = f.text.value.trim(); }
    else if (t === "numeric") { var n = parseFloat(f.number.value.replace(",", ".")); if (isNaN(n)) return null; body.number = n; }
    else {
      var sel = form.querySelectorAll("select"), vals = {}, ok = true;
      [].forEach.call(sel, function (s) { if (!s.value) ok = false; vals[s.name] = s.value; });
      if (t === "ordering") {
        var ids = Object.keys(vals).sort(function (a, b) { return vals[a] - vals[b]; });
        if (!ok || ids.some(function (k, i) { return +vals[k] !== i + 1; })) return null;
        body.order = ids.map(function (k) { return k.slice(4); });
      } else {
        body.matches = {};
        Object.keys(vals).forEach(function (k) { if (vals[k]) body.matches[k.slice(6)] = vals[k]; });
        if (!Object.keys(body.matches).length) return null;
      }
    }
    return JSON.stringify(body);
  }
  // Answers go out one after another, so an older answer never overwrites
  // a newer one and the submit never overtakes an answer. Each answer is
  // also kept on the phone until the attempt is submitted, so a page read
  // back from the offline copy still shows what the learner chose.
  var chain = Promise.resolve();
  function inOrder(fn) { chain = chain.then(fn, fn); return chain; }
  function kept(form) { try { return JSON.parse(localStorage.getItem("hv-ans:" + location.pathname) || "{}"); } catch (e) { return {}; } }
  function keep(form, body) { var k = kept(form); k[form.dataset.api] = body; localStorage.setItem("hv-ans:" + location.pathname, JSON.stringify(k)); }
  function restore(form) {
    var body = kept(form)[form.dataset.api];
    if (!body) return false;
    var b = JSON.parse(body), f = form.elements;
    [].forEach.call(form.querySelectorAll("input[type=radio],input[type=checkbox]"), function (i) {
      i.checked = i.value === b.choice || (b.choices || []).indexOf(i.value) >= 0 || (b.bool !== undefined && i.value === String(b.bool));
    });
    (b.order || []).forEach(function (id, n) { if (f["pos_" + id]) f["pos_" + id].value = n + 1; });
    Object.keys(b.matches || {}).forEach(function (id) { if (f["match_" + id]) f["match_" + id].value = b.matches[id]; });
    if (b.text !== undefined && f.text) f.text.value = b.text;
    if (b.number !== undefined && f.number) f.number.value = b.number;
    return true;
  }
  function countAnswered() {
    var n = $("[data-answered]");
    if (n) n.textContent = [].filter.call(doc.querySelectorAll("form[data-answer]"), function (f) {
      return answerBody(f) !== null;
    }).length;
  }
  function answerForm(form) {
    var saved = form.querySelector("[data-saved]"), sub = $("form[data-submit]");
    var queuedText = sub ? sub.dataset.queued : saved.textContent, savedText = saved.textContent;
    if (sub && restore(form)) show(saved, queue().some(function (i) { return i.url === form.dataset.api; }) ? queuedText : savedText);
    function save() {
      var body = answerBody(form);
      if (!body) return;
      keep(form, body);
      countAnswered();
      var item = { method: "PUT", url: form.dataset.api, body: body };
      inOrder(function () {
        if (queue().length) { enqueue(item); show(saved, queuedText); flush(); return; }
        return send(item).then(function (res) {
          if (!res.ok) return res.json().then(function (b) { show(saved, b.error && b.error.message); });
          return res.json().then(function (b) {
            if (b.feedback || b.next || b.status === "submitted") { location.reload(); return; }
            show(saved, savedText);
          });
        }, function () { enqueue(item); show(saved, queuedText); });
      });
    }
    form.addEventListener("change", save);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); save(); });
  }
  function submitForm(form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var item = { method: "POST", url: form.dataset.api, body: "", key: form.elements.key.value };
      var queueIt = function () { enqueue(item); show($("[data-submit-status]"), form.dataset.queued); form.hidden = true; };
      inOrder(function () {
        if (!navigator.onLine || queue().length) { queueIt(); flush(); return; }
        return send(item).then(function (res) {
          if (res.ok) { localStorage.removeItem("hv-ans:" + location.pathname); location.reload(); }
        }, queueIt);
      });
    });
  }
  // Attendance is a tap list; saved through the queue, so taps made in a
  // cultural house without signal reach the server later with their time.
  function attendanceForm(form) {
    var saved = form.querySelector("[data-saved]");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var at = new Date().toISOString();
      var marks = [].map.call(form.querySelectorAll("input[data-user]"), function (i) {
        return { user_id: i.dataset.user, present: i.checked, marked_at: at };
      });
      var item = { method: "PUT", url: form.dataset.api, body: JSON.stringify({ marks: marks }) };
      inOrder(function () {
        return send(item).then(function (res) {
          show(saved, res.ok ? "✓" : res.statusText);
        }, function () { enqueue(item); show(saved, "…"); });
      });
    });
  }

  // Counts down to the deadline itself, so a copy opened offline later
  // still shows the time really left.
  function countdown(el) {
    var end = Date.parse(el.dataset.deadline), unit = el.textContent.replace(/^\d+\s*/, "");
    function tick() { el.textContent = Math.ceil(Math.max(0, end - Date.now()) / 60000) + " " + unit; }
    tick();
    setInterval(tick, 1000);
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
        var st = $("[data-offline-status]");
        ch.port1.onmessage = function (e) {
          show(st, e.data.ok ? btn.dataset.done : e.data.error);
          st.scrollIntoView({ block: "center" });
        };
        reg.active.postMessage({ type: "save", urls: JSON.parse(btn.dataset.pages) }, [ch.port2]);
      });
    });
  }

  doc.addEventListener("DOMContentLoaded", function () {
    var summary = doc.getElementById("error-summary");
    if (summary) summary.focus();
    var form = $("[data-complete]"); if (form) completeForm(form);
    var speak = $("[data-speak]"); if (speak) readAloud(speak);
    var save = $("[data-save-offline]"); if (save) saveOffline(save);
    [].forEach.call(doc.querySelectorAll("form[data-answer]"), answerForm);
    var sub = $("form[data-submit]"); if (sub) submitForm(sub);
    var cd = $("[data-countdown]"); if (cd) countdown(cd);
    [].forEach.call(doc.querySelectorAll("form[data-attendance]"), attendanceForm);
    if ($("form[data-submit]")) countAnswered();
    else if ($("form[data-answer]")) localStorage.removeItem("hv-ans:" + location.pathname);
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
