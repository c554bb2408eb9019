// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  // Filters apply as soon as a drop-down changes, saving a tap on phones.
  document.querySelectorAll("form.filters select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});

// An import's progress bar follows the job (its state is in the database, so closing the
// page loses nothing); the page reloads when the job leaves its working phase.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-import-status]");
  if (!box) { return; }
  var bar = document.getElementById("import-progress");
  var text = document.getElementById("import-progress-text");
  var state = document.getElementById("import-state");
  function poll() {
    fetch(box.getAttribute("data-import-status"), { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (!status.working) { window.location.reload(); return; }
        bar.value = status.percent;
        bar.textContent = status.percent + "%";
        text.textContent = status.text;
        state.textContent = status.stateLabel;
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
});
