/* 整改台账：按责任人、整改状态、检视方面筛选。
 * Progressive enhancement: the page already holds the whole table; this script only adds the
 * filter controls above it and hides the rows that do not match. Without it nothing is lost.
 * The options come in the page's own order (data-order-N: people by 姓氏笔画, statuses in their
 * natural order, areas in the campaign's order). A filtered table says so above it, with its own
 * counts, and the page's unfiltered summaries are then left off the printed sheet (print.css). */
(function () {
  "use strict";

  var CLOSED = ["已完成", "长期坚持"];

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
    var statusColumn = headers.indexOf("整改状态");
    var filters = [];
    (box.dataset.columns || "").split(/\s+/).forEach(function (name, n) {
      var column = headers.indexOf(name);
      if (column < 0) return;
      var values = {};
      rows.forEach(function (row) { cellValues(row.cells[column]).forEach(function (v) { values[v] = true; }); });
      var given = (box.getAttribute("data-order-" + n) || "").split("|").filter(Boolean);
      var ordered = given.filter(function (v) { return values[v]; });
      var rest = Object.keys(values).filter(function (v) { return given.indexOf(v) < 0; })
        .sort(function (a, b) { return a.localeCompare(b, "zh-CN"); });
      var label = document.createElement("label");
      label.textContent = name + "：";
      var select = document.createElement("select");
      select.add(new Option("全部", ""));
      ordered.concat(rest).forEach(function (v) { select.add(new Option(v, v)); });
      label.appendChild(select);
      box.appendChild(label);
      filters.push({ name: name, column: column, select: select });
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
    // What the filtered table is, printed above it (the filter controls themselves do not print).
    var summary = document.createElement("p");
    summary.className = "ar-ledger-filtered-summary";
    summary.hidden = true;
    box.parentNode.insertBefore(summary, box);
    var whole = document.querySelector(".ar-ledger-summary");
    var date = whole ? (whole.textContent.match(/统计日期：[^。]*。/) || [""])[0] : "";

    function apply() {
      var shown = 0, open = 0, late = 0;
      rows.forEach(function (row) {
        var ok = filters.every(function (f) {
          return !f.select.value || cellValues(row.cells[f.column]).indexOf(f.select.value) >= 0;
        });
        var isLate = !!row.querySelector(".ar-overdue");
        if (overdue.checked && !isLate) ok = false;
        row.hidden = !ok;
        if (ok) {
          shown += 1;
          if (statusColumn >= 0 && CLOSED.indexOf(row.cells[statusColumn].textContent.trim()) < 0) open += 1;
          if (isLate) late += 1;
        }
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 条";
      var chosen = filters.filter(function (f) { return f.select.value; })
        .map(function (f) { return f.name + "“" + f.select.value + "”"; });
      if (overdue.checked) chosen.push("只看逾期");
      var filtered = chosen.length > 0;
      summary.hidden = !filtered;
      summary.textContent = filtered
        ? "筛选条件：" + chosen.join("，") + "。" + date + "符合条件的整改措施 " + shown + " 条，未销号 " + open + " 条，其中逾期 " + late + " 条（全部 " + rows.length + " 条）。"
        : "";
      document.documentElement.classList.toggle("ar-ledger-filtered", filtered);
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
