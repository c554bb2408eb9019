// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  // Filters apply as soon as a drop-down changes, saving a tap on phones.
  document.querySelectorAll("form.filters select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
