"""axe-core (installed from npm by scripts/setup) run in Chromium on the page as it is: the serious and critical
accessibility violations, each with the elements it found."""

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN = """async () => {
  const where = n => n.html.slice(0, 160) + ' ' + (n.failureSummary || '').slice(0, 200);
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(where).join('; ')})`);
}"""


def serious_violations(page: Page) -> list[str]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN)
