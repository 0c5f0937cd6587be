// The ILL workbench's copy button: the request text to the clipboard. Without JavaScript the
// button stays hidden and the text is selected and copied by hand (the textarea is readonly).
"use strict";
(function () {
  const button = document.getElementById("copy-request");
  const status = document.getElementById("copy-status");
  const text = document.getElementById("request");
  if (!button || !status || !text) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", async function () {
    try {
      await navigator.clipboard.writeText(text.value);
      status.textContent = button.dataset.copied;
    } catch (error) {
      text.focus();
      text.select();
      status.textContent = button.dataset.failed;
    }
  });
})();
