/* Download links that show they are busy: a[data-busy-download].
 *
 * Making a PDF takes a few seconds, and a plain link gives no sign of life meanwhile. With this
 * script the link shows a spinner and its data-busy-text and ignores further clicks; the file is
 * fetched and handed to the browser as a download. When the answer is not the file (the version
 * is too large, the session ended), the browser simply opens the link, so the page that explains
 * it shows. Without JavaScript the link works as an ordinary link.
 *
 * A handbook arrives within about a second. A large set is made by a background worker instead:
 * the server answers 202 with the page that says so (Content-Location), and the browser opens it.
 */
(function () {
  "use strict";

  function filenameFrom(header) {
    if (!header) return null;
    const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (utf8) return decodeURIComponent(utf8[1]);
    const plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : null;
  }

  function setBusy(link, busy) {
    const label = link.querySelector(".download-label");
    const spinner = link.querySelector(".spinner-border");
    const icon = link.querySelector(".bi");
    if (busy) {
      link.dataset.idleText = label ? label.textContent : "";
      if (label) label.textContent = link.dataset.busyText;
    } else if (label && link.dataset.idleText !== undefined) {
      label.textContent = link.dataset.idleText;
    }
    link.classList.toggle("disabled", busy);
    link.setAttribute("aria-disabled", String(busy));
    link.setAttribute("aria-busy", String(busy));
    if (spinner) spinner.classList.toggle("d-none", !busy);
    if (icon) icon.classList.toggle("d-none", busy);
  }

  function announce(text) {
    const region = document.querySelector("[data-busy-status]");
    if (region) region.textContent = text || "";
  }

  async function download(link) {
    setBusy(link, true);
    announce(link.dataset.busyText);
    try {
      const response = await fetch(link.href, { credentials: "same-origin" });
      const type = response.headers.get("Content-Type") || "";
      const preparing = response.status === 202 && response.headers.get("Content-Location");
      if (preparing) {
        // A large set: a worker makes it; the page that says so offers it when it is ready.
        window.location.assign(preparing);
        return;
      }
      if (!response.ok || type.indexOf("application/pdf") !== 0) {
        announce(link.dataset.busyFailed);
        window.location.assign(link.href);
        return;
      }
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const save = document.createElement("a");
      save.href = url;
      save.download = filenameFrom(response.headers.get("Content-Disposition")) || "kpi-handbook.pdf";
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      announce(link.dataset.busyDone);
    } catch (error) {
      window.location.assign(link.href);
    } finally {
      setBusy(link, false);
    }
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-busy-download]");
    // Let the browser handle new tabs and windows (Ctrl, Cmd, Shift, middle button).
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return;
    download(link);
  });
})();
