// The site's small behaviours, added on top of pages that work without scripts:
// copy-link buttons beside each question, a Copy button beside each BibTeX link, the filter
// box of the all-questions and bibliography pages, the switch between light and dark, and the
// opening of the online site's search.
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

  // Beside each link to a .bib file (a.agenda-bibtex), a button that puts the file's text on the
  // clipboard, named by the link's data-copy-label or else by the file ("the BibTeX of wei2022a":
  // the bibliography's thousand entries carry no label of their own, to keep the page light). Only where the page can read the file: over http(s), not from file://, where a
  // browser lets no page fetch another file, so the offline edition keeps the links alone.
  function setUpBibtexCopy() {
    if (!/^https?:$/.test(window.location.protocol)) return;
    document.querySelectorAll("a.agenda-bibtex").forEach(function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "agenda-copy-button";
      button.textContent = "Copy";
      var file = decodeURIComponent(link.pathname.split("/").pop().replace(/\.bib$/, ""));
      button.setAttribute("aria-label", "Copy " + (link.dataset.copyLabel || "the BibTeX of " + file) + " to the clipboard");
      button.addEventListener("click", function () {
        fetch(link.href)
          .then(function (response) {
            if (!response.ok) throw new Error(response.statusText);
            return response.text();
          })
          .then(copyText)
          .then(
            function () { button.textContent = "Copied"; },
            function () { button.textContent = "Copy failed: open the link"; }
          );
        setTimeout(function () { button.textContent = "Copy"; }, 2500);
      });
      link.insertAdjacentElement("afterend", button);
      link.insertAdjacentText("afterend", " ");
    });
  }

  // What a filter box narrows, by the form's data-filter: the list items the page's template
  // marks with data-item (questions, each with its data-number, so that a number typed alone
  // finds that question; the bibliography's references; the Progress page's entries).
  var FILTERS = {
    questions: {
      item: "question",
      noun: "questions",
      // What to try when nothing matches.
      hint: "Try fewer or shorter words, a question number such as 17, a theme such as privacy, or any status.",
      numbered: true
    },
    references: {
      item: "reference",
      noun: "references",
      hint: "Try one word: an author's surname, a word of a title, or a year."
    },
    progress: {
      item: "entry",
      noun: "entries",
      hint: "Try fewer words, or choose Any in a menu.",
      // The box goes above the list it filters, not above the page's first section, and the
      // page's other sections stay as they are while it filters.
      anchor: function (article) { return article.querySelector("#entries"); },
      keepGroups: true
    }
  };

  // A filter box above a list: it narrows the list as one types and by what its menus pick (an
  // item matches a menu's choice when an element inside it carries data-<menu> with that value:
  // a question's status link data-status, an entry's question links data-challenge and
  // data-relation), hides the groups (h2 and what follows) left empty, and keeps the choices in
  // the URL (?filter=, ?status=, ...) so a filtered list can be shared.
  function setUpListFilter() {
    var form = document.querySelector("form.agenda-filter");
    if (!form) return;
    var kind = FILTERS[form.dataset.filter || "questions"];
    var input = form.querySelector("input");
    var menus = Array.prototype.slice.call(form.querySelectorAll("select[data-menu]"));
    var status = form.querySelector("output");
    var article = document.querySelector("article");
    // First place the box under the page's introduction, above the first group (or above what
    // the kind names).
    var anchor = kind.anchor ? kind.anchor(article) : article.querySelector("h2");
    if (anchor && kind.anchor) anchor.parentNode.insertBefore(form, anchor.nextElementSibling);
    else if (anchor) anchor.parentNode.insertBefore(form, anchor);
    var items = Array.prototype.slice.call(article.querySelectorAll("li[data-item='" + kind.item + "']"));
    items.forEach(function (item) {
      item.dataset.text = item.textContent.toLowerCase();
      item.menuValues = {};
      menus.forEach(function (menu) {
        var name = menu.dataset.menu;
        item.menuValues[name] = Array.prototype.map.call(item.querySelectorAll("[data-" + name + "]"),
          function (element) { return element.getAttribute("data-" + name); });
      });
    });
    // Each group: its heading and what follows it, its count (all questions: "n questions"),
    // and its entry in the table of contents, which hides with the group.
    var groups = kind.keepGroups ? [] : Array.prototype.slice.call(article.querySelectorAll("h2")).map(function (heading) {
      var parts = [heading];
      for (var node = heading.nextElementSibling; node && node.tagName !== "H2"; node = node.nextElementSibling) {
        parts.push(node);
      }
      var count = null;
      parts.forEach(function (part) { count = count || part.querySelector(".agenda-group-count"); });
      // The theme renders the table of contents twice (sidebar, and the drawer on small screens).
      var tocLinks = heading.id ? document.querySelectorAll(".md-nav--secondary a[href='#" + heading.id + "']") : [];
      return {
        parts: parts,
        count: count,
        countText: count ? count.textContent : "",
        tocEntries: Array.prototype.map.call(tocLinks, function (link) { return link.closest("li"); })
      };
    });

    function apply() {
      var query = input.value.trim().toLowerCase();
      // A number alone finds that question, however it is written: 17, q17, q 17, question 17, #17.
      var number = kind.numbered ? /^(?:q|question|#)?\s*(\d+)$/.exec(query) : null;
      var words = query.split(/\s+/).filter(Boolean);
      var chosen = menus.filter(function (menu) { return menu.value; });
      var filtering = query !== "" || chosen.length > 0;
      var shown = 0;
      items.forEach(function (item) {
        var match = (number ? item.dataset.number === number[1]
          : words.every(function (word) { return item.dataset.text.indexOf(word) !== -1; }))
          && chosen.every(function (menu) {
            return item.menuValues[menu.dataset.menu].indexOf(menu.value) !== -1;
          });
        item.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        var left = 0;
        group.parts.forEach(function (part) { left += part.querySelectorAll ? part.querySelectorAll("li:not([hidden])").length : 0; });
        group.parts.forEach(function (part) { part.hidden = filtering && left === 0; });
        group.tocEntries.forEach(function (entry) { entry.hidden = filtering && left === 0; });
        if (group.count) {
          group.count.textContent = filtering ? left + " of " + group.countText : group.countText;
        }
      });
      status.textContent = !filtering ? ""
        : shown === 0 ? "No " + kind.noun + " match. " + kind.hint
        : shown + " of " + items.length + " " + kind.noun;
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("filter", input.value.trim()); else url.searchParams.delete("filter");
      menus.forEach(function (menu) {
        if (menu.value) url.searchParams.set(menu.dataset.menu, menu.value);
        else url.searchParams.delete(menu.dataset.menu);
      });
      history.replaceState(null, "", url);
    }

    input.addEventListener("input", apply);
    menus.forEach(function (menu) { menu.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var params = new URL(window.location.href).searchParams;
    input.value = params.get("filter") || "";
    menus.forEach(function (menu) { menu.value = params.get(menu.dataset.menu) || ""; });
    form.hidden = false;
    if (input.value || menus.some(function (menu) { return menu.value; })) apply();
  }

  // The switch between light and dark in the header (theme/overrides/partials/palette.html says why
  // it is the site's, not the theme's script's). Each option is a radio button followed by the
  // button that switches to the next. partials/before-first-paint.html showed the page's first
  // scheme, and defines __agenda_show_scheme, which shows another; a choice is stored as the
  // theme stores it, where the theme's inline script looks on the next page.
  function setUpSchemeSwitch() {
    var form = document.querySelector("form[data-agenda-scheme-switch]");
    if (!form || typeof __agenda_show_scheme !== "function") return;
    var options = Array.prototype.slice.call(form.querySelectorAll("input[name='__palette']"));

    options.forEach(function (option, index) {
      option.addEventListener("change", function () {
        __agenda_show_scheme(option);
        var color = {};
        ["media", "scheme", "primary", "accent"].forEach(function (key) {
          color[key] = option.getAttribute("data-md-color-" + key);
        });
        if (typeof __md_set === "function") __md_set("__palette", { index: index, color: color });
      });
    });
    // As with the theme's switch, Enter on it moves on to the next scheme: the one after the
    // option whose button shows.
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var current = options.findIndex(function (option) {
        return option.nextElementSibling instanceof HTMLLabelElement && !option.nextElementSibling.hidden;
      });
      var next = options[(current + 1) % options.length];
      next.click();
      next.focus();
    });
  }

  // The online site's search (theme/overrides/partials/site-search.html): the dialog opens on
  // the header's button, or on / or s typed outside a text field; its script, and Pagefind's,
  // load only then (site-search.js). The capture phase, so that the theme's own handler of
  // those keys (for its search, off here) does not see them.
  function setUpSiteSearch() {
    var dialog = document.querySelector("dialog[data-agenda-search]");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var input = dialog.querySelector("input");
    var started = null;
    function open() {
      if (!dialog.open) dialog.showModal();
      input.focus();
      input.select();
      if (!started) {
        started = import(new URL(dialog.dataset.script, window.location.href).href)
          .then(function (search) { search.start(dialog); })
          .catch(function () {
            started = null;
            dialog.querySelector(".agenda-search__status").textContent =
              "The search could not be loaded. Try again, or use the list of all questions.";
          });
      }
    }
    document.querySelectorAll("[data-agenda-search-open]").forEach(function (button) {
      button.addEventListener("click", open);
    });
    window.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || (event.key !== "/" && event.key !== "s")) return;
      var target = event.target;
      if (dialog.open || target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      event.preventDefault();
      event.stopPropagation();
      open();
    }, true);
    // A click on the backdrop (outside the dialog's box) closes it.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
  }

  // A page opened from a search result marks the words searched for (?highlight=...), with
  // Pagefind's script for that, fetched only on such a page.
  function highlightSearchedWords() {
    var dialog = document.querySelector("dialog[data-agenda-search]");
    if (!dialog || !new URLSearchParams(window.location.search).has("highlight")) return;
    import(new URL(dialog.dataset.index + "pagefind-highlight.js", window.location.href).href).then(function (module) {
      var Highlight = module.default || window.PagefindHighlight;
      if (typeof Highlight === "function") new Highlight({ highlightParam: "highlight", markContext: "article" });
    });
  }

  // Added after the first paint (after_first_paint.js), so the document is usually ready.
  function setUp() {
    setUpCopyLinks();
    setUpBibtexCopy();
    setUpListFilter();
    setUpSchemeSwitch();
    setUpSiteSearch();
    highlightSearchedWords();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp, { once: true });
  } else {
    setUp();
  }
})();
