/* Printing a bound volume (汇编) from the browser: every material from an odd (right-hand) page, and the
   contents with page numbers.

   Chromium prints `break-before: right` as a plain page break and has no target-counter(), so just
   before printing this script lays the volume out as it will print (the stylesheets' print rules, in
   columns the size of the type area: one column is one page) and, where a material would start on an
   even page, inserts an empty page before it (.ar-blank). After printing the page is as it was.
   WeasyPrint (`archive pdf`) runs no script: it does both itself. */
(function () {
  "use strict";

  var MM = 96 / 25.4;
  var TYPE_AREA = { width: 156, height: 225 }; // mm, as in print.css

  function article() {
    var toc = document.querySelector(".md-typeset .ar-toc");
    return toc ? toc.closest(".md-typeset") : null;
  }

  /* Print rules on, screen-only rules off (or back again): the page takes its printed layout on screen. */
  function mediaRules(rules, out) {
    for (var i = 0; i < rules.length; i++) {
      var rule = rules[i];
      if (rule.media && rule.cssRules) {
        out.push({ rule: rule, text: rule.media.mediaText });
      }
      if (rule.cssRules) {
        mediaRules(rule.cssRules, out);
      }
    }
    return out;
  }

  function asPrinted() {
    var changed = [];
    for (var i = 0; i < document.styleSheets.length; i++) {
      var rules;
      try {
        rules = document.styleSheets[i].cssRules;
      } catch (e) {
        continue; // another origin's sheet: the archive has none
      }
      mediaRules(rules, []).forEach(function (entry) {
        var text = entry.text;
        var printed = /\bprint\b/.test(text) ? "all" : /\bscreen\b/.test(text) ? "not all" : null;
        if (printed !== null) {
          entry.rule.media.mediaText = printed;
          changed.push(entry);
        }
      });
    }
    return function restore() {
      changed.forEach(function (entry) {
        entry.rule.media.mediaText = entry.text;
      });
    };
  }

  function clear(root) {
    root.querySelectorAll(".ar-blank, .ar-toc-page, .ar-toc-dots").forEach(function (el) {
      el.remove();
    });
    var toc = root.querySelector(".ar-toc");
    if (toc) {
      toc.classList.remove("ar-toc-paged");
    }
  }

  function paginate() {
    var root = article();
    if (!root) {
      return;
    }
    clear(root);
    var restore = asPrinted();
    root.classList.add("ar-measuring");
    try {
      var left = root.getBoundingClientRect().left;
      var page = function (el) {
        return Math.round((el.getBoundingClientRect().left - left) / (TYPE_AREA.width * MM)) + 1;
      };
      // The contents first get their page-number slots, so that they take the room they will print in.
      var toc = root.querySelector(".ar-toc");
      var entries = [];
      toc.querySelectorAll("li > a[href^='#']").forEach(function (link) {
        var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
        if (target) {
          var dots = document.createElement("span");
          dots.className = "ar-toc-dots";
          var number = document.createElement("span");
          number.className = "ar-toc-page";
          number.textContent = "000";
          link.parentNode.appendChild(dots);
          link.parentNode.appendChild(number);
          entries.push([target, number]);
        }
      });
      toc.classList.add("ar-toc-paged");
      // In order: each insertion moves everything after it by one page.
      root.querySelectorAll(".ar-recto").forEach(function (el) {
        if (page(el) % 2 === 0) {
          var blank = document.createElement("div");
          blank.className = "ar-blank";
          el.parentNode.insertBefore(blank, el);
        }
      });
      entries.forEach(function (entry) {
        entry[1].textContent = String(page(entry[0]));
      });
    } finally {
      root.classList.remove("ar-measuring");
      restore();
    }
  }

  window.addEventListener("beforeprint", paginate);
  window.addEventListener("afterprint", function () {
    var root = article();
    if (root) {
      clear(root);
    }
  });
})();
