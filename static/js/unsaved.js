/* Never lose typing: leaving a form with unsaved changes asks first.

   A form opts in with `data-unsaved-guard="<question>"`. A field of it (also one outside it that
   names it with form="…") becomes unsaved when typed in; a form or an inline row the server
   shows again unsaved (an error, "Check SMART", "Use") carries data-unsaved="true". Then:
   - leaving the page (a link, the step bar, closing the tab) asks through the browser's own
     "leave this page?" question, unless the form itself is being submitted;
   - an htmx request that would replace unsaved fields without sending them (Cancel on an open
     edit, for instance) asks the form's question first. Requests whose answer keeps what is
     typed (hx-preserve: move, delete, undo) carry data-keeps-typed and are not asked about.
   Fields marked data-unsaved-ignore (the library search) never count. */
(function () {
  "use strict";
  const GUARD = "[data-unsaved-guard]";
  const UNSAVED = "[data-unsaved-field], [data-unsaved='true']";
  let submitting = false;

  function isGuarded(field) {
    const form = field.form;
    return Boolean(form && form.matches(GUARD) && !field.closest("[data-unsaved-ignore]"));
  }

  function markTyped(event) {
    const field = event.target;
    if (field instanceof Element && "form" in field && isGuarded(field)) {
      field.setAttribute("data-unsaved-field", "");
    }
  }
  document.addEventListener("input", markTyped, true);
  document.addEventListener("change", markTyped, true);

  function unsavedIn(root) {
    const found = Array.from(root.querySelectorAll(UNSAVED));
    if (root.matches && root.matches(UNSAVED)) found.push(root);
    return found;
  }

  function formOf(element) {
    if (element.matches("form")) return element;
    if (element.form) return element.form;
    // A row shown again unsaved: the form its fields belong to.
    const field = element.querySelector("input, select, textarea");
    return (field && field.form) || element.closest("form");
  }

  // A form submitted the ordinary way leaves the page with its text: nothing to ask.
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented && event.target.matches(GUARD)) submitting = true;
  });
  window.addEventListener("pageshow", function () { submitting = false; });
  // Sent with htmx and answered with a redirect (Back, Next, a step saved): saved, so leave.
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    const form = formOf(event.detail.elt);
    const redirect = event.detail.xhr && event.detail.xhr.getResponseHeader("HX-Redirect");
    if (redirect && form && form.matches(GUARD)) submitting = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (submitting || unsavedIn(document.body).length === 0) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers want a value to show their question
  });

  document.addEventListener("htmx:confirm", function (event) {
    const detail = event.detail;
    if (!detail.target || detail.elt.closest("[data-keeps-typed]")) return;
    const sent = detail.verb === "get" ? null : formOf(detail.elt);
    const lost = unsavedIn(detail.target).filter(function (element) {
      return !sent || formOf(element) !== sent;
    });
    if (lost.length === 0) return;
    const owner = formOf(lost[0]);
    const question = (owner && owner.dataset.unsavedGuard) || "";
    event.preventDefault();
    if (window.confirm(question)) detail.issueRequest(true);
  });
})();
