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
    try { data = JSON.parse(live.getAttribute("data-personal")); } catch (e) { return; }
    live.querySelectorAll("[data-proposal-id]").forEach(function (row) {
      var id = row.getAttribute("data-proposal-id");
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

  document.addEventListener("htmx:afterSwap", personalise);
  document.addEventListener("htmx:afterSettle", function () { readTimer(); revealKeptText(); });
  document.addEventListener("DOMContentLoaded", function () {
    personalise(); readTimer(); revealKeptText();
  });
  window.setInterval(tick, 250);
})();
