// The dashboard's one script, a convenience only: every page works without it.
// Filter forms marked data-autosubmit apply a choice from a list at once.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    for (const select of form.querySelectorAll("select")) {
      select.addEventListener("change", () => form.requestSubmit());
    }
  }
});
