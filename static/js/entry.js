/* The value entry form ("My KPIs", the KPI page): a period is named either by the list or by a
   date, so choosing one clears the other. In the capture phase, before htmx asks for the
   correction notice of what was chosen. A listener here, not hx-on: the CSP allows no inline code. */
document.addEventListener(
  "change",
  (event) => {
    const form = event.target.closest("[data-entry-form]");
    if (!form) return;
    const list = form.querySelector("[data-entry-period]");
    const date = form.querySelector("[data-entry-date]");
    if (event.target === date && date.value) list.value = "";
    if (event.target === list && list.value) date.value = "";
  },
  true,
);
