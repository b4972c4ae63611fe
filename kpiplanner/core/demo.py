"""The demo data moved to `kpiplanner.demo.data`; this name stays for older imports (tests of
the reports, until they move). Nothing in the app imports it."""

from kpiplanner.demo.data import DEMO_USERS, month_start, quarter_end, seed_demo  # noqa: F401
