"""Benchmark: bytes transferred for a first visit of public pages (empty cache), as a
visitor's browser counts them, against a running server (`make run` serves the site as a
visitor sees it, with compressed static files).

    .venv/bin/python bench/bench_page_weight.py http://127.0.0.1:8000/fr/ [more addresses]

Chromium (Debian package) is driven by Playwright; every request of the page is counted
until the network is idle.
"""

import sys

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(addresses: list[str]) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for address in addresses:
            page = browser.new_page()
            session = page.context.new_cdp_session(page)
            session.send("Network.enable")
            total = [0]
            session.on(
                "Network.loadingFinished",
                lambda event, total=total: total.__setitem__(
                    0, total[0] + event["encodedDataLength"]
                ),
            )
            page.goto(address, wait_until="networkidle")
            print(f"{address}  {round(total[0] / 1024):,} KiB transferred")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:] or ["http://127.0.0.1:8000/fr/"])
