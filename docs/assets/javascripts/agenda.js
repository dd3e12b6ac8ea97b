// The site's two small behaviours, added on top of pages that work without scripts:
// copy-link buttons beside each question, and the filter box of the all-questions and
// bibliography pages.
(function () {
  "use strict";

  // Clipboard API where the page is a secure context; a hidden textarea elsewhere.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function setUpCopyLinks() {
    document.querySelectorAll("a.agenda-copy-link[data-permalink]").forEach(function (link) {
      var label = link.textContent;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        copyText(link.dataset.permalink).then(
          function () { link.textContent = "Link copied"; },
          function () { window.location.href = link.href; }
        );
        setTimeout(function () { link.textContent = label; }, 2000);
      });
    });
  }

  // What a filter box narrows, by the form's data-filter: the all-questions page's list items,
  // each headed by its "Qn" link (a number typed alone finds that question); or the
  // bibliography's entries, each a list item with an id "ref-..." (words only).
  var FILTERS = {
    questions: {
      noun: "questions",
      items: function (article) {
        return Array.prototype.slice.call(article.querySelectorAll("li")).filter(function (item) {
          return /^Q\d+$/.test((item.querySelector("a") || {}).textContent || "");
        });
      },
      number: function (item) { return item.querySelector("a").textContent.slice(1); }
    },
    references: {
      noun: "references",
      items: function (article) {
        return Array.prototype.slice.call(article.querySelectorAll("li[id^='ref-']"));
      },
      number: null
    }
  };

  // A filter box above a list: it narrows the list as one types (and, on the all-questions page,
  // by the status its menu picks: each question's status link carries data-status), hides the
  // groups (h2 and what follows) left empty, and keeps the query in the URL (?filter=, ?status=)
  // so a filtered list can be shared.
  function setUpListFilter() {
    var form = document.querySelector("form.agenda-filter");
    if (!form) return;
    var kind = FILTERS[form.dataset.filter || "questions"];
    var input = form.querySelector("input");
    var statusChoice = form.querySelector("select");
    var status = form.querySelector("output");
    var article = document.querySelector("article");
    // First place the box under the page's introduction, above the first group.
    var firstGroup = article.querySelector("h2");
    if (firstGroup) firstGroup.parentNode.insertBefore(form, firstGroup);
    var items = kind.items(article);
    items.forEach(function (item) {
      if (kind.number) item.dataset.number = kind.number(item);
      item.dataset.text = item.textContent.toLowerCase();
      var status = item.querySelector("[data-status]");
      item.dataset.questionStatus = status ? status.dataset.status : "";
    });
    var groups = Array.prototype.slice.call(article.querySelectorAll("h2")).map(function (heading) {
      var parts = [heading];
      for (var node = heading.nextElementSibling; node && node.tagName !== "H2"; node = node.nextElementSibling) {
        parts.push(node);
      }
      return parts;
    });

    function apply() {
      var query = input.value.trim().toLowerCase();
      var number = kind.number ? /^q?(\d+)$/.exec(query) : null;
      var words = query.split(/\s+/).filter(Boolean);
      var wanted = statusChoice ? statusChoice.value : "";
      var filtering = query !== "" || wanted !== "";
      var shown = 0;
      items.forEach(function (item) {
        var match = (number ? item.dataset.number === number[1]
          : words.every(function (word) { return item.dataset.text.indexOf(word) !== -1; }))
          && (!wanted || item.dataset.questionStatus === wanted);
        item.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (parts) {
        var any = parts.some(function (part) { return part.querySelector && part.querySelector("li:not([hidden])"); });
        parts.forEach(function (part) { part.hidden = filtering && !any; });
      });
      status.textContent = filtering ? shown + " of " + items.length + " " + kind.noun : "";
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("filter", input.value.trim()); else url.searchParams.delete("filter");
      if (wanted) url.searchParams.set("status", wanted); else url.searchParams.delete("status");
      history.replaceState(null, "", url);
    }

    input.addEventListener("input", apply);
    if (statusChoice) statusChoice.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var params = new URL(window.location.href).searchParams;
    input.value = params.get("filter") || "";
    if (statusChoice) statusChoice.value = params.get("status") || "";
    form.hidden = false;
    if (input.value || (statusChoice && statusChoice.value)) apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpCopyLinks();
    setUpListFilter();
  });
})();
