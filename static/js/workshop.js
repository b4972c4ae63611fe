/* Workshop screens: pause polling while the tab is hidden, count the timer down, beep at zero.
   No inline script and no eval, so it works under a strict Content-Security-Policy. */
(function () {
  "use strict";

  // Polls ([data-live]) are skipped while the page is hidden; on return one runs at once.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (document.hidden && elt && elt.hasAttribute && elt.hasAttribute("data-live") &&
        event.detail.requestConfig && event.detail.requestConfig.verb === "get") {
      event.preventDefault();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && window.htmx) {
      var live = document.querySelector("[data-live]");
      if (live) { window.htmx.trigger(live, "refresh"); }
    }
  });

  // The phone names the proposal list it holds, so an answer can leave it in place (an empty
  // placeholder of the same id, which hx-preserve fills with this one) and send only the counts.
  // A poll asks from the revision of the newest counts it got (an answer of only the counts
  // leaves the region, and its hx-get, as they were).
  document.addEventListener("htmx:configRequest", function (event) {
    // Whatever sends a request for a live region (a poll, a form, a script), the region is
    // guarded before the answer can come back: it is on the page now, so the event got here.
    var target = event.detail.target;
    if (target && target.hasAttribute && target.hasAttribute("data-live")) { guardRegion(target); }
    var live = document.querySelector("[data-live]");
    if (!live || target !== live) { return; }
    var list = live.querySelector("[data-shared-list]:not([data-placeholder])");
    if (list) { event.detail.headers["X-Workshop-List"] = list.getAttribute("data-shared-list"); }
    var counts = document.getElementById("ws-counts");
    var rev = counts && counts.getAttribute("data-revision");
    if (event.detail.verb === "get" && rev && /^\d+$/.test(rev)) {
      event.detail.path = event.detail.path.replace(/([?&]rev=)\d+/, function (_all, head) {
        return head + rev;
      });
    }
  });

  // An answer for a live region that another answer has already replaced. A poll's is stale:
  // drop it. The person's own action's goes into the region shown now. Swapping into the
  // detached region would be worse than useless: htmx 2 moves the page's hx-preserve elements
  // (the proposal box being typed in) aside for the swap and, finding no new place for them,
  // removes them. Listened to on each region itself, as events on a detached element never
  // reach the document.
  function guardRegion(live) {
    if (live.wsGuarded) { return; }
    live.wsGuarded = true;
    live.addEventListener("htmx:beforeSwap", function (event) {
      if (event.detail.target !== live || live.isConnected) { return; }
      var current = document.querySelector("[data-live]");
      var verb = event.detail.requestConfig && event.detail.requestConfig.verb;
      if (current && verb && verb !== "get") {
        event.detail.target = current;
      } else {
        event.preventDefault();
      }
    });
  }

  // A placeholder left empty (the list it stood for was not on the page): fetch the region whole.
  // Without its token the poll goes past the cheap answers to the view; without a list on the
  // page no X-Workshop-List is sent, so the list comes along.
  function healPlaceholders() {
    var live = document.querySelector("[data-live]");
    if (!live || !window.htmx || !live.querySelector("[data-placeholder]")) { return; }
    // Without their ids the empty placeholders are not what hx-preserve keeps this time.
    live.querySelectorAll("[data-placeholder]").forEach(function (el) { el.removeAttribute("id"); });
    var url = (live.getAttribute("hx-get") || "").replace(/&t=[^&]*/, "");
    if (url) { window.htmx.ajax("GET", url, { source: live, target: live, swap: "outerHTML" }); }
  }

  // Fetch the region whole (past the cheap answers, as healPlaceholders does), once, after the
  // swap at hand: the list it sends from is the one on the page then.
  var refetching = false;
  function refetchSoon() {
    if (refetching) { return; }
    refetching = true;
    window.setTimeout(function () {
      refetching = false;
      var live = document.querySelector("[data-live]");
      var url = live && (live.getAttribute("hx-get") || "").replace(/&t=[^&]*/, "");
      if (url && window.htmx) {
        window.htmx.ajax("GET", url, { source: live, target: live, swap: "outerHTML" });
      }
    }, 0);
  }

  // New proposals appended to the list the phone holds (appends.py): only onto the revision
  // they lead from, and the list (and the round's head with it) then names the revision they
  // lead to, which the next poll sends and the next region's placeholders name. Onto any other
  // list they would leave gaps or doubles: the region is fetched anew instead.
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var rows = event.detail.fragment;
    if (!rows || !rows.hasAttribute || !rows.hasAttribute("data-append-from")) { return; }
    var from = rows.getAttribute("data-append-from");
    var to = rows.getAttribute("data-append-to");
    var list = event.detail.target.closest("[data-shared-list]");
    if (!list || list.getAttribute("data-shared-list") !== from || !/^\d+$/.test(to)) {
      event.preventDefault();
      refetchSoon();
      return;
    }
    list.setAttribute("data-shared-list", to);
    list.id = "ws-list-" + to;
    var head = document.getElementById("ws-head-" + from);
    if (head) { head.id = "ws-head-" + to; }
    var none = list.querySelector("[data-no-proposals]");
    if (none) { none.remove(); }
  });

  // A proposal box hidden because proposing closed keeps its text visible, so nothing is lost.
  function revealKeptText() {
    document.querySelectorAll("form[data-propose][hidden]").forEach(function (form) {
      var box = form.querySelector("textarea");
      if (box && box.value.trim()) { form.hidden = false; }
    });
  }

  var deadline = null;
  var beeped = false;

  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function beep() {
    try {
      var Audio = window.AudioContext || window.webkitAudioContext;
      var ctx = new Audio();
      [0, 0.35, 0.7].forEach(function (at) {
        var osc = ctx.createOscillator();
        var gain = ctx.createGain();
        osc.frequency.value = 880;
        gain.gain.setValueAtTime(0.25, ctx.currentTime + at);
        gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.3);
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + at);
        osc.stop(ctx.currentTime + at + 0.3);
      });
    } catch (e) { /* no sound available: the red clock still shows it */ }
  }

  // The server sends the seconds left; every screen counts down from when it received them.
  function readTimer() {
    var timer = document.querySelector("[data-timer]");
    if (!timer) { deadline = null; return; }
    var seconds = parseInt(timer.getAttribute("data-seconds"), 10);
    if (timer.hasAttribute("data-running")) {
      var next = Date.now() + seconds * 1000;
      if (deadline === null || Math.abs(next - deadline) > 1500) { deadline = next; }
      if (seconds > 0) { beeped = false; }
    } else {
      deadline = null;
    }
    tick();
  }

  function tick() {
    var timer = document.querySelector("[data-timer]");
    if (!timer || deadline === null) { return; }
    var left = (deadline - Date.now()) / 1000;
    var text = timer.querySelector("[data-timer-text]");
    if (text) { text.textContent = clock(left); }
    timer.classList.toggle("ws-timer-zero", left <= 0);
    if (left <= 0 && !beeped) {
      beeped = true;
      if (document.querySelector("[data-beep]")) { beep(); }
    }
  }

  // The proposal list is the same for every participant (rendered once per change); this marks
  // what is this person's own, from the data-personal the server sent with it.
  function personalise() {
    var live = document.querySelector("[data-live][data-personal]");
    if (!live) { return; }
    var data;
    var counts = null;
    var sent = document.getElementById("ws-counts");
    try {
      data = JSON.parse(live.getAttribute("data-personal"));
      if (sent && sent.hasAttribute("data-counts")) {
        counts = JSON.parse(sent.getAttribute("data-counts"));
      }
    } catch (e) { return; }
    live.querySelectorAll("[data-proposal-id]").forEach(function (row) {
      var id = row.getAttribute("data-proposal-id");
      var votes = row.querySelector("[data-votes]");
      if (votes && counts) { votes.textContent = String(counts[id] || 0); }
      var mine = (data.mine && data.mine[id]) || 0;
      var own = (data.own || []).indexOf(Number(id)) >= 0;
      row.classList.toggle("ws-own", own);
      var label = row.querySelector("[data-own-label]");
      if (label) { label.hidden = !own; }
      var author = row.querySelector("[data-author]");
      if (author) { author.hidden = own; }
      var button = row.querySelector("form[data-vote] button");
      if (button) { button.disabled = data.left <= 0 || mine >= data.max; }
      var takeBack = row.querySelector("form[data-unvote]");
      if (takeBack) { takeBack.hidden = mine === 0; }
      var dots = row.querySelector("[data-dots]");
      if (dots) { dots.textContent = "\u25CF".repeat(Math.min(mine, 50)); }
    });
  }

  // The projector's list is the same on every projector (rendered once per change); the vote
  // counts come with each answer in #ws-counts and are shown here, bars included.
  function showCounts() {
    var live = document.querySelector("[data-live]:not([data-personal])");
    var sent = document.getElementById("ws-counts");
    if (!live || !sent || !sent.hasAttribute("data-counts")) { return; }
    var counts;
    try { counts = JSON.parse(sent.getAttribute("data-counts")); } catch (e) { return; }
    var max = 1;
    Object.keys(counts).forEach(function (id) { max = Math.max(max, counts[id]); });
    live.querySelectorAll("[data-proposal-id]").forEach(function (row) {
      var n = counts[row.getAttribute("data-proposal-id")] || 0;
      var votes = row.querySelector("[data-votes]");
      if (votes) { votes.textContent = String(n); }
      var bar = row.querySelector("progress");
      if (bar) { bar.max = max; bar.value = n; }
    });
  }

  // The regions there are now (this script is deferred: the page is parsed). Waiting for
  // DOMContentLoaded left a gap: htmx is ready before it, so a request sent in between (a script
  // or test calling htmx.ajax while a later script still loads) came back to an unguarded region.
  document.querySelectorAll("[data-live]").forEach(guardRegion);
  document.addEventListener("htmx:load", function (event) {
    if (event.detail.elt.hasAttribute && event.detail.elt.hasAttribute("data-live")) {
      guardRegion(event.detail.elt);
    }
  });
  document.addEventListener("htmx:afterSwap", function () {
    personalise(); showCounts(); healPlaceholders();
  });
  document.addEventListener("htmx:oobAfterSwap", personalise);
  document.addEventListener("htmx:afterSettle", function () { readTimer(); revealKeptText(); });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live]").forEach(guardRegion);
    personalise(); showCounts(); readTimer(); revealKeptText();
  });
  window.setInterval(tick, 250);
})();
