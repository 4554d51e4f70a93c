import type { Page } from "@playwright/test";

/** Collects console errors and uncaught exceptions for the whole test. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  return errors;
}

/**
 * Waits until the wasm bundle is loaded and every island on the page (the request form, the
 * status lookup, the print button) is hydrated and live.
 */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const w = window as any;
    return w.__qabyldau_hydrated === true &&
      (w.__qabyldau_islands ?? 0) >= document.querySelectorAll("leptos-island").length;
  });
}
