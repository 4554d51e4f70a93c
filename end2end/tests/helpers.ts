import { expect, type Browser, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

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

/** A staff member signed in with a demo account (README) in a browser context of their own. */
export async function signIn(browser: Browser, login: string, password: string, lang: "kk" | "ru") {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/staff/login?lang=${lang}`);
  await page.getByLabel("Логин").fill(login);
  await page.getByLabel(lang === "kk" ? "Құпиясөз" : "Пароль").fill(password);
  await page.getByRole("button", { name: lang === "kk" ? "Кіру" : "Войти" }).click();
  await expect(page).toHaveURL(/\/staff$/);
  return { context, page };
}

/** The serious and critical axe-core violations of the page. */
export async function serious(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
