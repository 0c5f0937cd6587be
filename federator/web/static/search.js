// Progressive enhancement only: every page works without this file.
// 1. Suggestions as you type, in a native <datalist> (accessible without custom ARIA).
// 2. While a search runs, a polite live region says which catalogues have answered
//    (Server-Sent Events), then the results page opens (served from the result cache).
(function () {
  "use strict";
  const form = document.querySelector("form.search");
  const box = document.getElementById("q");
  const progress = document.getElementById("search-progress");
  if (!form || !box || !window.fetch) {
    return;
  }

  const list = document.createElement("datalist");
  list.id = "q-suggestions";
  form.appendChild(list);
  box.setAttribute("list", list.id);
  let timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(async function () {
      const text = box.value;
      if (text.trim().length < 2) {
        return;
      }
      try {
        const answer = await fetch("/api/v1/suggest?q=" + encodeURIComponent(text));
        if (!answer.ok) {
          return;
        }
        const body = await answer.json();
        list.replaceChildren(...body.suggestions.map(function (suggestion) {
          const option = document.createElement("option");
          option.value = suggestion;
          return option;
        }));
      } catch (error) {
        // Suggestions are a nicety: a failure leaves the box as it is.
      }
    }, 200);
  });

  if (!progress || !window.EventSource) {
    return;
  }
  const live = document.getElementById("live-results");

  // The best results so far, built with textContent only (never markup from a catalogue).
  function showSoFar(result) {
    if (!live) {
      return;
    }
    live.hidden = false;
    const list = live.querySelector("ol");
    list.replaceChildren(...result.results.slice(0, 10).map(function (work) {
      const item = document.createElement("li");
      const title = document.createElement("a");
      title.href = "/record/" + encodeURIComponent(work.id);
      title.textContent = work.title + (work.subtitle ? " : " + work.subtitle : "");
      const meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = [work.authors.join("; "), work.year].filter(Boolean).join(" · ");
      item.append(title, meta);
      return item;
    }));
  }
  form.addEventListener("submit", function (event) {
    const params = new URLSearchParams(new FormData(form));
    for (const [key, value] of Array.from(params.entries())) {
      if (!value) {
        params.delete(key);
      }
    }
    if (!params.toString()) {
      return;
    }
    event.preventDefault();
    const results = form.action + "?" + params.toString();
    const stream = new EventSource("/api/v1/search/stream?" + params.toString());
    let answered = 0;
    progress.textContent = progress.dataset.searching;
    stream.addEventListener("target", function (message) {
      const target = JSON.parse(message.data);
      answered += 1;
      progress.textContent = progress.dataset.progress
        .replace("{count}", String(answered))
        .replace("{name}", target.name);
    });
    stream.addEventListener("partial", function (message) {
      showSoFar(JSON.parse(message.data));
    });
    const show = function () {
      stream.close();
      window.location.assign(results);
    };
    stream.addEventListener("result", show);
    stream.onerror = show;
  });
})();
