// allydrift dashboard: draw every chart whose Vega-Lite spec the page carries.
// Specs sit in <script type="application/json" data-chart="ID"> elements; the Vega
// libraries come from /static/vega-*.js, served by the app itself (no CDN).
"use strict";

function drawCharts() {
  const specs = document.querySelectorAll('script[type="application/json"][data-chart]');
  for (const holder of specs) {
    const target = document.getElementById(holder.dataset.chart);
    if (!target) continue;
    const spec = JSON.parse(holder.textContent);
    const options = {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
    };
    vegaEmbed(target, spec, options)
      .then(() => { target.dataset.rendered = "true"; })
      .catch((err) => {
        target.dataset.rendered = "error";
        target.textContent = "This chart could not be drawn: " + err;
      });
  }
}

function swapStates() {
  const a = document.getElementById("state-a");
  const b = document.getElementById("state-b");
  if (!a || !b) return;
  [a.value, b.value] = [b.value, a.value];
}

document.addEventListener("DOMContentLoaded", () => {
  drawCharts();
  const swap = document.getElementById("swap");
  if (swap) swap.addEventListener("click", swapStates);
});
