// Runs the page's scripts (the theme's and agenda.js) once the page has been painted.
//
// The theme's script is 114 KB and takes about a tenth of a second to start. Written as the
// theme writes it, at the end of <body>, a phone on a slow network fetches and runs it before it
// shows anything, though the page reads fine without it (its menus, links and lists are HTML and
// CSS). The page template (theme/overrides/main.html) therefore puts those script tags inside a
// <template>, where the browser neither fetches nor runs them, and this file adds them to the
// page after the first frame is painted, in their order. What must still happen before that
// paint is in theme/overrides/partials/before-first-paint.html.
//
// The theme starts on the DOMContentLoaded event, which has passed by then, so that event is
// sent once more when the last script has loaded (or failed to). agenda.js starts either way,
// and only once.
(function () {
  "use strict";

  var held = document.getElementById("agenda-scripts-after-paint");
  if (!held) return;

  function addHeldScripts() {
    var last = null;
    held.content.querySelectorAll("script[src]").forEach(function (tag) {
      var script = document.createElement("script");
      script.src = tag.getAttribute("src");
      script.async = false; // run in the order written, as the theme expects
      document.body.appendChild(script);
      last = script;
    });
    function start() {
      document.dispatchEvent(new Event("DOMContentLoaded"));
      // Says that the page's scripts have started (the browser tests wait for it).
      document.documentElement.setAttribute("data-agenda-scripts", "started");
    }
    if (last) {
      last.addEventListener("load", start);
      last.addEventListener("error", start);
    }
  }

  // The browser's own record of the first paint, where it keeps one (the Paint Timing API:
  // Chromium, Firefox, Safari), says when that paint has happened. A requestAnimationFrame
  // callback runs just before a frame is painted, and a task it queues usually runs after that
  // paint, but not always on a busy machine, where the paint can come later: so the first is
  // waited for where it can be, and two frames otherwise. (A tab opened in the background
  // paints, and so loads, when shown.)
  function afterFirstPaint() {
    var started = false;
    function start() {
      if (started) return;
      started = true;
      setTimeout(addHeldScripts, 0);
    }
    var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (types && types.indexOf("paint") >= 0) {
      new PerformanceObserver(function (entries, observer) {
        observer.disconnect();
        start();
      }).observe({ type: "paint", buffered: true });
    } else {
      requestAnimationFrame(function () { requestAnimationFrame(start); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", afterFirstPaint, { once: true });
  } else {
    afterFirstPaint();
  }
})();
