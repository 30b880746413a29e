// Quasar's loading bar (a role="progressbar" element it adds to every page) has no accessible name: give it one.
(function () {
  function name() {
    document.querySelectorAll(".q-loading-bar:not([aria-label])").forEach(function (bar) {
      bar.setAttribute("aria-label", "Loading");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    name();
    new MutationObserver(name).observe(document.body, { childList: true });
  });
})();
