/* 整改台账：按责任人、整改状态、检视方面筛选。
 * Progressive enhancement: the page already holds the whole table; this script only adds the
 * filter controls above it and hides the rows that do not match. Without it nothing is lost. */
(function () {
  "use strict";

  function cellValues(cell) {
    var text = (cell ? cell.textContent : "").replace(/逾期/g, "").trim();
    return text ? text.split(/[、，,]/).map(function (s) { return s.trim(); }).filter(Boolean) : ["（空）"];
  }

  function setup(box) {
    if (box.dataset.ready) return;
    var table = box.nextElementSibling;
    while (table && table.tagName !== "TABLE") {
      table = table.querySelector ? (table.querySelector("table") || table.nextElementSibling) : null;
    }
    if (!table || !table.tHead) return;
    box.dataset.ready = "1";
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var filters = [];
    (box.dataset.columns || "").split(/\s+/).forEach(function (name) {
      var column = headers.indexOf(name);
      if (column < 0) return;
      var values = {};
      rows.forEach(function (row) { cellValues(row.cells[column]).forEach(function (v) { values[v] = true; }); });
      var label = document.createElement("label");
      label.textContent = name + "：";
      var select = document.createElement("select");
      select.add(new Option("全部", ""));
      Object.keys(values).sort(function (a, b) { return a.localeCompare(b, "zh-CN"); })
        .forEach(function (v) { select.add(new Option(v, v)); });
      label.appendChild(select);
      box.appendChild(label);
      filters.push({ column: column, select: select });
    });
    var overdueLabel = document.createElement("label");
    var overdue = document.createElement("input");
    overdue.type = "checkbox";
    overdueLabel.appendChild(overdue);
    overdueLabel.appendChild(document.createTextNode("只看逾期"));
    box.appendChild(overdueLabel);
    var count = document.createElement("span");
    count.className = "ar-ledger-count";
    count.setAttribute("aria-live", "polite");
    box.appendChild(count);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = filters.every(function (f) {
          return !f.select.value || cellValues(row.cells[f.column]).indexOf(f.select.value) >= 0;
        });
        if (overdue.checked && !row.querySelector(".ar-overdue")) ok = false;
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 条";
    }
    box.addEventListener("change", apply);
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".ar-ledger-filter"), setup);
  }

  // Material's instant navigation (if switched on) announces new pages on document$.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
