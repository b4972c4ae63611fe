/* The planning wizard's few touches that htmx does not cover. Everything works without them. */

// "Another milestone" adds an empty row in place; without JavaScript it reloads the form
// with one more row.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-formset-add]");
  if (!button) return;
  const set = button.closest("[data-formset]");
  const prefix = set.dataset.formset;
  const total = set.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const max = Number(set.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`).value);
  const count = Number(total.value);
  if (count >= max) return;
  event.preventDefault();
  const template = set.querySelector("template[data-formset-template]");
  const rows = set.querySelector("[data-formset-rows]");
  rows.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(count)));
  total.value = String(count + 1);
  button.hidden = count + 1 >= max;
  rows.lastElementChild.querySelector("input:not([type=hidden])")?.focus();
});

// The library's search box belongs to the KPI form (so a search without JavaScript keeps what
// was typed); here Enter in it only searches, it never presses the KPI form's "Save".
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !event.target.closest("[data-library-search]")) return;
  event.preventDefault();
  htmx.trigger(event.target, "change");
});
