/* The review page: "Cancel" on an inline reject form removes the form and gives the focus back
   to the KPI's reject button. A listener here, not hx-on, since the CSP allows no inline code. */
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-reject-cancel]");
  if (!link) return;
  event.preventDefault();
  const node = link.closest(".review-kpi");
  link.closest("form").remove();
  node?.querySelector(".reject-toggle")?.focus();
});
