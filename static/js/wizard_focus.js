/* Where the keyboard focus goes in the planning wizard, so someone on a keyboard or with a
   screen reader goes on where the work is (issue 19, point 9):

   - a step opens: its first field with an error, else the first field of the step's form
     (strategy, add a goal or CSF, the KPI form), else the step's heading; a link to a place on
     the page (#kpi-…, after saving a KPI) is honoured;
   - an inline edit opens: its first field; it is saved or cancelled: the row's Edit link;
   - a goal or CSF is added: the add form's first field, for the next one (or the first error);
   - an item is moved: the same arrow of the same item; deleted: its Undo button; undone: the
     add form.

   Only the swaps of the item list and its rows move the focus: the live SMART feedback and the
   library search, which answer while someone types, never do. Works on what htmx swapped in,
   so a page without JavaScript is simply left as the browser shows it. */
(() => {
  const FIELDS =
    "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
  const STEP_FORMS = ["step-form", "kpi-form", "add-form"];

  function focusOn(element) {
    if (!element) return false;
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
    return document.activeElement === element;
  }

  function firstField(root) {
    if (!root) return false;
    return focusOn(root.querySelector(".is-invalid") || root.querySelector(FIELDS));
  }

  function stepOpened() {
    if (!document.getElementById("wizard-progress")) return; // not a wizard page
    const main = document.getElementById("main");
    const anchored = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (anchored) {
      if (anchored.tagName === "FORM" ? firstField(anchored) : focusOn(anchored)) return;
    }
    if (focusOn(main.querySelector(".is-invalid"))) return;
    for (const id of STEP_FORMS) {
      if (firstField(document.getElementById(id))) return;
    }
    focusOn(main.querySelector("h2"));
  }

  // What had the focus when an action on the item list started, to find its like afterwards.
  let pending = null;
  document.addEventListener("htmx:beforeRequest", (event) => {
    const source = event.detail.elt;
    if (!source.closest("#items, #add-form, .item-row")) return;
    const active = document.activeElement;
    pending = {
      row: active?.closest(".item-row")?.id || source.closest(".item-row")?.id || null,
      name: active?.getAttribute("name"),
      value: active?.getAttribute("value"),
      title: active?.getAttribute("title"),
      adding: Boolean(source.closest("#add-form")),
      undoing: Boolean(source.closest("[data-undo]")),
    };
  });

  function sameControl(row, wanted) {
    return [...row.querySelectorAll("a[href], button")].find(
      (control) =>
        control.getAttribute("name") === wanted.name &&
        control.getAttribute("value") === wanted.value &&
        control.getAttribute("title") === wanted.title,
    );
  }

  document.addEventListener("htmx:afterSettle", (event) => {
    const swapped = event.target;
    if (!pending || !(swapped instanceof Element)) return;
    if (swapped.id !== "items" && !swapped.classList.contains("item-row")) return;
    const wanted = pending;
    pending = null;
    if (focusOn(swapped.querySelector(".is-invalid"))) return;
    if (swapped.matches("[data-editing]")) {
      firstField(swapped);
      return;
    }
    if (swapped.classList.contains("item-row")) {
      focusOn(swapped.querySelector(".item-actions a[href]") || swapped);
      return;
    }
    const addForm = document.getElementById("add-form");
    if (wanted.adding || wanted.undoing) {
      if (firstField(addForm)) return;
    }
    const row = wanted.row && document.getElementById(wanted.row);
    if (row && focusOn(sameControl(row, wanted))) return;
    if (!row && focusOn(swapped.querySelector("[data-undo] button"))) return;
    firstField(addForm) || focusOn(swapped);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", stepOpened);
  } else {
    stepOpened();
  }
})();
