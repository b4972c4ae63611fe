/* The "Copy" button beside a new API token: button[data-copy-target].
 *
 * Copies the value of the input it names to the clipboard and says so (data-copied-text) for a
 * moment. Where the clipboard is not allowed (plain http, an old browser) the token is selected
 * instead, ready for Ctrl+C. Delegated from the document, so it also works after htmx swapped the
 * panel in. Without JavaScript the token can still be selected by hand.
 */
(function () {
  "use strict";

  function copied(button) {
    const label = button.querySelector(".copy-label");
    if (!label) return;
    const idle = label.textContent;
    label.textContent = button.dataset.copiedText;
    setTimeout(function () {
      label.textContent = idle;
    }, 2000);
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-copy-target]");
    if (!button) return;
    const input = document.querySelector(button.dataset.copyTarget);
    if (!input) return;
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(
        function () {
          copied(button);
        },
        function () {
          input.select();
        },
      );
    }
  });
})();
